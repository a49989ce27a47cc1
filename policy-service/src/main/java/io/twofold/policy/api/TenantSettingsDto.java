package io.twofold.policy.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * A tenant's settings. With {@code useSystemSettings} the provider and limit fields stay empty;
 * {@code enforceTwoFa} and {@code enforcedUsersFilter} (ALL_USERS or TENANT_ADMINISTRATORS of this
 * tenant) apply either way.
 */
public record TenantSettingsDto(
    String tenantId,
    @NotNull Long version,
    @NotNull Boolean useSystemSettings,
    List<@Valid @NotNull ProviderDto> providers,
    Integer minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    Integer maxVerificationFailuresBeforeUserLockout,
    Integer totalAllowedTimeForVerification,
    Boolean enforceTwoFa,
    @Valid FilterDto enforcedUsersFilter) {}
