package io.twofold.platform.security;

/** How far a granted {@link Permission} reaches for one kind of caller. */
public enum Reach {
  /** Every tenant and user. */
  ANY_TENANT,
  /**
   * The caller's own tenant only. Checked for every path with a {@code {tenantId}} by {@link
   * PermissionInterceptor}; where the tenant comes from a body or a stored record, the service
   * checks it with {@link Caller#reaches(Permission, String)}.
   */
  OWN_TENANT,
  /** The caller's own data ({@code sub}): there is no user id to choose in these requests. */
  SELF,
  /**
   * The caller's own data, and only while it has no active factor: an enrollment-only token is
   * spent once its user is enrolled (checked by enrollment-service, which knows the factors).
   */
  SELF_UNTIL_ENROLLED,
  /** Challenges this login client created: another client's challenge does not exist for it (404). */
  OWN_CHALLENGES
}
