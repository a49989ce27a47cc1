package io.twofold.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints short-lived {@code twofold.internal} tokens from the shared HMAC key: the local stack's and
 * the tests' stand-in for an identity provider's client-credentials grant.
 */
public final class HmacServiceTokens implements ServiceTokens {

  private static final Duration LIFETIME = Duration.ofMinutes(10);

  private final NimbusJwtEncoder encoder;
  private final String serviceName;
  private final String audience;
  private final Clock clock;
  private volatile String token;
  private volatile Instant renewAt = Instant.MIN;

  /** @param audience the {@code aud} the services check, or null when they check none */
  public HmacServiceTokens(String base64Secret, String serviceName, String audience, Clock clock) {
    this.encoder = NimbusJwtEncoder
        .withSecretKey(new SecretKeySpec(Base64.getDecoder().decode(base64Secret.trim()), "HmacSHA256"))
        .algorithm(MacAlgorithm.HS256)
        .build();
    this.serviceName = serviceName;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public synchronized String current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
          .id(UUID.randomUUID().toString())
          .subject(serviceName)
          .issuedAt(now)
          .expiresAt(now.plus(LIFETIME))
          .claim(Caller.SCOPE, Scopes.INTERNAL);
      if (audience != null && !audience.isBlank()) {
        claims.audience(java.util.List.of(audience));
      }
      token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
          .getTokenValue();
      renewAt = now.plus(LIFETIME.dividedBy(2));
    }
    return token;
  }
}
