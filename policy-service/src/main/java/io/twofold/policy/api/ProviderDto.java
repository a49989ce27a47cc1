package io.twofold.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.twofold.policy.domain.ProviderType;
import jakarta.validation.constraints.NotNull;

/** One provider in ThingsBoard's shape: {@code providerType} plus the options of that type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderDto(
    @NotNull ProviderType providerType,
    String issuerName,
    Integer verificationCodeLifetime,
    String smsVerificationMessageTemplate,
    Integer codesQuantity) {}
