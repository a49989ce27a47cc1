package io.twofold.policy.api;

import io.twofold.platform.security.Authority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The user signing in. {@code tenantId} is required for tenant administrators and customer users. */
public record EvaluationRequestDto(
    @NotBlank @Size(max = 200) String userId,
    @NotNull Authority authority,
    @Size(max = 200) String tenantId,
    @Size(max = 200) String tenantProfileId,
    @Size(max = 200) String customerId) {}
