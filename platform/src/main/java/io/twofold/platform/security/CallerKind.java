package io.twofold.platform.security;

/**
 * Who a verified token speaks for (DESIGN §6). Every token is exactly one kind; what each kind may
 * do is {@link Permission}'s table.
 *
 * <p>A token's kind comes from its Twofold scope first, then from its {@code authority} claim:
 *
 * <ul>
 *   <li>{@code twofold.internal}, {@code twofold.login}, {@code twofold.metrics}: a service or
 *       client. Its {@code authority} claim, if any, is ignored: a login client is never an
 *       administrator.
 *   <li>{@code twofold.enroll}: a user who passed the password but has no second factor yet. It
 *       carries a user's claims, but none of that user's powers beyond enrolling.
 *   <li>no Twofold scope: a user, by {@code authority}. Tenant administrators and customer users
 *       need a non-blank {@code tenant_id}.
 * </ul>
 *
 * A token with two Twofold scopes, or a user token whose claims do not fit its authority, is
 * {@link #UNRECOGNISED}: authenticated, allowed nothing. Scopes other than Twofold's ({@code
 * openid}, {@code email}, ...) play no part.
 */
public enum CallerKind {
  SYSTEM_ADMINISTRATOR,
  TENANT_ADMINISTRATOR,
  CUSTOMER_USER,
  /** {@code twofold.enroll}: enrolls its own first factor, nothing else. */
  ENROLL_ONLY_USER,
  /** {@code twofold.login}: a platform's login service; its {@code sub} is the client id. */
  LOGIN_CLIENT,
  /** {@code twofold.internal}: another Twofold service. */
  INTERNAL_SERVICE,
  /** {@code twofold.metrics}: a Prometheus scraper. */
  METRICS_SCRAPER,
  UNRECOGNISED;

  /** The Spring Security authority granted for this kind, e.g. {@code KIND_LOGIN_CLIENT}. */
  public String authority() {
    return "KIND_" + name();
  }

  public boolean isUser() {
    return this == SYSTEM_ADMINISTRATOR || this == TENANT_ADMINISTRATOR || this == CUSTOMER_USER;
  }

  static CallerKind of(Caller caller) {
    var twofoldScopes = caller.scopes().stream().filter(Scopes.ALL::contains).toList();
    if (twofoldScopes.size() > 1 || caller.userId() == null) {
      return UNRECOGNISED;
    }
    if (twofoldScopes.isEmpty()) {
      return userKind(caller);
    }
    return switch (twofoldScopes.get(0)) {
      case Scopes.INTERNAL -> INTERNAL_SERVICE;
      case Scopes.LOGIN -> LOGIN_CLIENT;
      case Scopes.METRICS -> METRICS_SCRAPER;
      case Scopes.ENROLL -> userKind(caller) == UNRECOGNISED ? UNRECOGNISED : ENROLL_ONLY_USER;
      default -> UNRECOGNISED;
    };
  }

  private static CallerKind userKind(Caller caller) {
    if (caller.authority().isEmpty()) {
      return UNRECOGNISED;
    }
    return switch (caller.authority().get()) {
      case SYS_ADMIN -> SYSTEM_ADMINISTRATOR;
      case TENANT_ADMIN -> caller.tenantId() == null ? UNRECOGNISED : TENANT_ADMINISTRATOR;
      case CUSTOMER_USER -> caller.tenantId() == null ? UNRECOGNISED : CUSTOMER_USER;
    };
  }
}
