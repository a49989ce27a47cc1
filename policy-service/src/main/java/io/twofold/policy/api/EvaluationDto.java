package io.twofold.policy.api;

import io.twofold.policy.domain.EnforcementReason;
import java.util.List;

/**
 * The effective policy for a user: whose settings apply ({@code scope}), the providers and limits in
 * force, whether 2FA is enforced and why, and the settings versions it was computed from.
 */
public record EvaluationDto(
    String scope,
    boolean enforced,
    EnforcementReason reason,
    List<ProviderDto> providers,
    int minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    int maxVerificationFailuresBeforeUserLockout,
    int totalAllowedTimeForVerification,
    long systemVersion,
    long tenantVersion) {}
