package io.twofold.policy.domain;

import java.util.Set;

/**
 * Who must use 2FA. For {@link Type#TENANT_ADMINISTRATORS} at system level, {@code tenantsIds} or
 * {@code tenantProfilesIds} narrows the group (both empty = every tenant administrator).
 */
public record EnforcedUsersFilter(Type filterType, Set<String> tenantsIds, Set<String> tenantProfilesIds) {

  public enum Type {
    ALL_USERS,
    SYSTEM_ADMINISTRATORS,
    TENANT_ADMINISTRATORS
  }

  public EnforcedUsersFilter {
    tenantsIds = tenantsIds == null ? Set.of() : Set.copyOf(tenantsIds);
    tenantProfilesIds = tenantProfilesIds == null ? Set.of() : Set.copyOf(tenantProfilesIds);
  }

  public static EnforcedUsersFilter of(Type type) {
    return new EnforcedUsersFilter(type, Set.of(), Set.of());
  }
}
