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
 * never read raw claims. A blank claim counts as absent: {@code "tenant_id": ""} is no tenant.
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
    userId = blankToNull(userId);
    tenantId = blankToNull(tenantId);
    customerId = blankToNull(customerId);
    tenantProfileId = blankToNull(tenantProfileId);
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

  /** The one kind of caller this token speaks for. */
  public CallerKind kind() {
    return CallerKind.of(this);
  }

  /**
   * Whether this caller may use the permission for data of this tenant (null: a user without
   * tenant, i.e. a system administrator): its kind is granted the permission, and an {@link
   * Reach#OWN_TENANT} grant is for its own tenant.
   */
  public boolean reaches(Permission permission, String tenant) {
    return permission.reachOf(kind())
        .map(reach -> reach != Reach.OWN_TENANT || (tenantId != null && tenantId.equals(tenant)))
        .orElse(false);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
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

  /** One authority: the kind ({@code KIND_LOGIN_CLIENT}, ...), which the URL rules check. */
  List<String> grantedAuthorities() {
    return List.of(kind().authority());
  }
}
