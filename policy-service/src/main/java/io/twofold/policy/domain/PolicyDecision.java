package io.twofold.policy.domain;

/**
 * The effective policy for one user.
 *
 * @param scopeKey whose settings apply: {@code system} or {@code tenant:<id>}
 * @param effective providers and limits in force for the user
 * @param enforced whether the user must use 2FA (and so enroll if it has no factor)
 * @param systemVersion version of the system settings this was computed from
 * @param tenantVersion version of the tenant settings this was computed from (0: none)
 */
public record PolicyDecision(
    String scopeKey,
    TwoFaSettings effective,
    boolean enforced,
    EnforcementReason reason,
    long systemVersion,
    long tenantVersion) {}
