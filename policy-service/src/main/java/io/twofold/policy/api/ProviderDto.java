package io.twofold.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.twofold.policy.domain.ProviderType;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * One provider in ThingsBoard's shape: {@code providerType} plus the options of that type.
 * {@code smsAllowedCountries} is Twofold's own (SMS: the countries whose numbers may get codes,
 * ISO 3166-1 alpha-2; absent for every country).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderDto(
    @NotNull ProviderType providerType,
    String issuerName,
    Integer verificationCodeLifetime,
    String smsVerificationMessageTemplate,
    Integer codesQuantity,
    List<String> smsAllowedCountries) {}
