package io.twofold.policy.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * System 2FA settings, with ThingsBoard's names. On a write, {@code version} is the version that was
 * read (0 before the first change) and omitted numbers take their defaults.
 */
public record SystemSettingsDto(
    @NotNull Long version,
    List<@Valid @NotNull ProviderDto> providers,
    Integer minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    Integer maxVerificationFailuresBeforeUserLockout,
    Integer totalAllowedTimeForVerification,
    Boolean enforceTwoFa,
    @Valid FilterDto enforcedUsersFilter) {}
