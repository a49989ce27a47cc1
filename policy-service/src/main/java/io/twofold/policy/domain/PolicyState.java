package io.twofold.policy.domain;

import java.util.Optional;

/** What evaluation reads: the system settings and the user's tenant's, with their versions. */
public record PolicyState(
    TwoFaSettings system, long systemVersion, Optional<TenantSettings> tenant, long tenantVersion) {}
