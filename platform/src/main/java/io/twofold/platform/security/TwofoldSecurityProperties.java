package io.twofold.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified. Production sets {@code jwkSetUri} (the identity provider's keys);
 * the local stack and tests set {@code hmacSecret}, a shared key of at least 256 bits from which
 * test tokens are minted. Exactly one must be set.
 *
 * @param jwkSetUri JWK set URI of the identity provider
 * @param hmacSecret base64 HMAC-SHA-256 key, for local use and tests only
 * @param issuer expected {@code iss} claim: required with a JWK set URI, checked when set otherwise
 * @param audience a value the {@code aud} claim must contain, checked when set (production manifests
 *     and the local stack set it, so a token issued for another application is refused)
 */
@ConfigurationProperties("twofold.security.jwt")
public record TwofoldSecurityProperties(String jwkSetUri, String hmacSecret, String issuer, String audience) {

  boolean usesHmac() {
    return set(hmacSecret);
  }

  boolean usesJwkSet() {
    return set(jwkSetUri);
  }

  boolean checksIssuer() {
    return set(issuer);
  }

  boolean checksAudience() {
    return set(audience);
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }
}
