package io.twofold.policy.domain;

import java.util.Optional;

/**
 * A tenant's 2FA configuration. Either it uses the system settings, or it replaces providers and
 * limits with its own ({@code own}). Independently of that, its administrator may enforce 2FA for
 * the tenant's own users ({@code enforcement}: ALL_USERS or TENANT_ADMINISTRATORS of this tenant),
 * as ThingsBoard users asked for (#7006, #11162).
 */
public record TenantSettings(
    String tenantId, boolean useSystemSettings, Optional<TwoFaSettings> own, Optional<EnforcedUsersFilter> enforcement) {

  public TenantSettings {
    own = own == null ? Optional.empty() : own;
    enforcement = enforcement == null ? Optional.empty() : enforcement;
    if (!useSystemSettings && own.isEmpty()) {
      throw new IllegalArgumentException("a tenant that does not use the system settings needs its own");
    }
  }

  /** A tenant nobody configured: system settings, no tenant enforcement. */
  public static TenantSettings inheriting(String tenantId) {
    return new TenantSettings(tenantId, true, Optional.empty(), Optional.empty());
  }
}
