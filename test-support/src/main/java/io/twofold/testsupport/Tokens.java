package io.twofold.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints HS256 bearer tokens with Twofold's claims (DESIGN §6): {@code sub}, {@code tenant_id},
 * {@code customer_id}, {@code authority}, {@code scope}, and the audience {@value #AUDIENCE} that
 * the test infrastructure and the local stack require. Tests use {@link #forTests()}; the local
 * stack mints with its own generated key. Production tokens come from the identity provider.
 */
public final class Tokens {

  /** Base64 HMAC key the test infrastructure configures every service with. Tests only. */
  public static final String TEST_HMAC_SECRET =
      Base64.getEncoder().encodeToString("twofold-test-only-hmac-key-0123456789".getBytes());

  public static final String LOGIN = "twofold.login";
  public static final String INTERNAL = "twofold.internal";
  public static final String ENROLL = "twofold.enroll";
  public static final String METRICS = "twofold.metrics";

  /** The {@code aud} every service of the test infrastructure and the local stack requires. */
  public static final String AUDIENCE = "twofold";

  private final NimbusJwtEncoder encoder;

  private Tokens(String base64Secret) {
    SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256");
    this.encoder = NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
  }

  public static Tokens forTests() {
    return new Tokens(TEST_HMAC_SECRET);
  }

  public static Tokens withSecret(String base64Secret) {
    return new Tokens(base64Secret);
  }

  public Token subject(String userId) {
    return new Token(userId);
  }

  public String sysAdmin(String userId) {
    return subject(userId).authority("SYS_ADMIN").mint();
  }

  public String tenantAdmin(String userId, String tenantId) {
    return subject(userId).tenant(tenantId).authority("TENANT_ADMIN").mint();
  }

  public String customerUser(String userId, String tenantId, String customerId) {
    return subject(userId).tenant(tenantId).customer(customerId).authority("CUSTOMER_USER").mint();
  }

  public String loginService(String clientId) {
    return subject(clientId).scope(LOGIN).mint();
  }

  public String internalService(String serviceName) {
    return subject(serviceName).scope(INTERNAL).mint();
  }

  public String metricsScraper(String name) {
    return subject(name).scope(METRICS).mint();
  }

  /** A token being built. */
  public final class Token {
    private final String subject;
    private String tenantId;
    private String customerId;
    private String tenantProfileId;
    private String authority;
    private final Set<String> scopes = new LinkedHashSet<>();
    private Duration lifetime = Duration.ofMinutes(15);
    private Instant issuedAt;
    private String audience = AUDIENCE;
    private boolean expires = true;

    private Token(String subject) {
      this.subject = subject;
    }

    public Token tenant(String tenant) {
      this.tenantId = tenant;
      return this;
    }

    public Token customer(String customer) {
      this.customerId = customer;
      return this;
    }

    public Token tenantProfile(String profile) {
      this.tenantProfileId = profile;
      return this;
    }

    public Token authority(String value) {
      this.authority = value;
      return this;
    }

    public Token scope(String... values) {
      scopes.addAll(Set.of(values));
      return this;
    }

    public Token lifetime(Duration value) {
      this.lifetime = value;
      return this;
    }

    /** Another {@code aud} than the services expect; null for none. */
    public Token audience(String value) {
      this.audience = value;
      return this;
    }

    /** No {@code exp} claim at all: a token that would never expire. */
    public Token withoutExpiry() {
      this.expires = false;
      return this;
    }

    /** Issue time other than now, e.g. in the past to mint an expired token. */
    public Token issuedAt(Instant value) {
      this.issuedAt = value;
      return this;
    }

    public String mint() {
      Instant now = issuedAt != null ? issuedAt : Instant.now();
      JwtClaimsSet.Builder claims =
          JwtClaimsSet.builder()
              .id(UUID.randomUUID().toString())
              .subject(subject)
              .issuedAt(now);
      if (expires) {
        claims.expiresAt(now.plus(lifetime));
      }
      if (audience != null) {
        claims.audience(java.util.List.of(audience));
      }
      if (tenantId != null) {
        claims.claim("tenant_id", tenantId);
      }
      if (customerId != null) {
        claims.claim("customer_id", customerId);
      }
      if (tenantProfileId != null) {
        claims.claim("tenant_profile_id", tenantProfileId);
      }
      if (authority != null) {
        claims.claim("authority", authority);
      }
      if (!scopes.isEmpty()) {
        claims.claim("scope", String.join(" ", scopes));
      }
      JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
      return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
  }
}
