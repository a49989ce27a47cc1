package io.twofold.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified. Production sets {@code jwkSetUri} (the identity provider's keys);
 * the local stack and tests set {@code hmacSecret}, a shared key of at least 256 bits from which
 * test tokens are minted. Exactly one must be set.
 *
 * @param jwkSetUri JWK set URI of the identity provider
 * @param hmacSecret base64 HMAC-SHA-256 key, for local use and tests only
 * @param issuer expected {@code iss} claim, checked when set
 */
@ConfigurationProperties("twofold.security.jwt")
public record TwofoldSecurityProperties(String jwkSetUri, String hmacSecret, String issuer) {}
