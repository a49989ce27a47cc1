package io.twofold.loginapp.twofold;

import io.twofold.loginapp.LoginAppProperties;
import io.twofold.loginapp.users.DemoUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * The tokens Twofold expects, as the platform's identity provider issues them: this login service's
 * own ({@code twofold.login}), a signed-in user's (their claims), an enroll-only one for a user in an
 * enforced first sign-in ({@code twofold.enroll}). Short-lived: minted per call.
 */
@Component
public class TokenIssuer {

  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private final NimbusJwtEncoder encoder;
  private final LoginAppProperties properties;

  public TokenIssuer(LoginAppProperties properties) {
    if (properties.hmacSecret() == null || properties.hmacSecret().isBlank()) {
      throw new IllegalStateException("login-app.hmac-secret (LOGIN_APP_HMAC_SECRET) is not set: the key Twofold "
          + "verifies tokens with (./twofold local prints where it is)");
    }
    this.properties = properties;
    this.encoder = NimbusJwtEncoder.withSecretKey(
        new SecretKeySpec(Base64.getDecoder().decode(properties.hmacSecret()), "HmacSHA256"))
        .algorithm(MacAlgorithm.HS256).build();
  }

  /** This login service, which starts and answers challenges. */
  public String loginService() {
    return mint(claims(properties.clientId()).claim("scope", "twofold.login"));
  }

  /** A signed-in user: their own factors, and their administrator powers if they have them. */
  public String user(DemoUser user) {
    return mint(userClaims(user));
  }

  /** A user who must enroll before signing in: their first factor, nothing else. */
  public String enrollOnly(DemoUser user) {
    return mint(userClaims(user).claim("scope", "twofold.enroll"));
  }

  private JwtClaimsSet.Builder userClaims(DemoUser user) {
    JwtClaimsSet.Builder claims = claims(user.id()).claim("authority", user.authority());
    if (user.tenantId() != null) {
      claims.claim("tenant_id", user.tenantId());
    }
    if (user.tenantProfileId() != null) {
      claims.claim("tenant_profile_id", user.tenantProfileId());
    }
    if (user.customerId() != null) {
      claims.claim("customer_id", user.customerId());
    }
    return claims;
  }

  private JwtClaimsSet.Builder claims(String subject) {
    Instant now = Instant.now();
    return JwtClaimsSet.builder().subject(subject).issuedAt(now).expiresAt(now.plus(LIFETIME))
        .audience(List.of(properties.audience()));
  }

  private String mint(JwtClaimsSet.Builder claims) {
    return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
        .getTokenValue();
  }
}
