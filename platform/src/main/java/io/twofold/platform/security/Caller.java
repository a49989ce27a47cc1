package io.twofold.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, read from a verified JWT: {@code sub}, {@code tenant_id}, {@code customer_id},
 * {@code authority} and {@code scope}. Controllers take it as a parameter and decide with it; they
 * never read raw claims.
 */
public record Caller(
    String userId,
    String tenantId,
    String customerId,
    String tenantProfileId,
    Optional<Authority> authority,
    Set<String> scopes) {

  public static final String TENANT_ID = "tenant_id";
  public static final String CUSTOMER_ID = "customer_id";
  /** Optional: the tenant's profile, for enforcement by tenant profile. */
  public static final String TENANT_PROFILE_ID = "tenant_profile_id";
  public static final String AUTHORITY = "authority";
  public static final String SCOPE = "scope";

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public static Caller of(Jwt jwt) {
    return new Caller(
        jwt.getSubject(),
        jwt.getClaimAsString(TENANT_ID),
        jwt.getClaimAsString(CUSTOMER_ID),
        jwt.getClaimAsString(TENANT_PROFILE_ID),
        authorityOf(jwt),
        scopesOf(jwt));
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  public boolean is(Authority expected) {
    return authority.filter(expected::equals).isPresent();
  }

  public boolean isSystemAdmin() {
    return is(Authority.SYS_ADMIN);
  }

  /** A tenant administrator of exactly this tenant. */
  public boolean isTenantAdminOf(String tenant) {
    return is(Authority.TENANT_ADMIN) && tenantId != null && tenantId.equals(tenant);
  }

  /** A system administrator, or an administrator of this tenant. */
  public boolean administers(String tenant) {
    return isSystemAdmin() || isTenantAdminOf(tenant);
  }

  public boolean isUser(String user) {
    return userId != null && userId.equals(user);
  }

  static Optional<Authority> authorityOf(Jwt jwt) {
    String value = jwt.getClaimAsString(AUTHORITY);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Authority.valueOf(value));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  /** Scopes as a space-separated string (RFC 8693 §4.2) or as a list. */
  static Set<String> scopesOf(Jwt jwt) {
    Object claim = jwt.getClaims().get(SCOPE);
    if (claim instanceof String text) {
      return Set.of(text.trim().split("\\s+")).stream()
          .filter(s -> !s.isBlank())
          .collect(Collectors.toUnmodifiableSet());
    }
    if (claim instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
    return Set.of();
  }

  List<String> grantedAuthorities() {
    var granted = new java.util.ArrayList<String>();
    authority.ifPresent(a -> granted.add(a.role()));
    scopes.forEach(scope -> granted.add(Scopes.authority(scope)));
    return granted;
  }
}
