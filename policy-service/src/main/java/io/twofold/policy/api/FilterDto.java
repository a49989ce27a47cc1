package io.twofold.policy.api;

import io.twofold.policy.domain.EnforcedUsersFilter;
import jakarta.validation.constraints.NotNull;
import java.util.Set;

/** Who must use 2FA: {@code filterType} and, for tenant administrators, a selection. */
public record FilterDto(
    @NotNull EnforcedUsersFilter.Type filterType, Set<String> tenantsIds, Set<String> tenantProfilesIds) {}
