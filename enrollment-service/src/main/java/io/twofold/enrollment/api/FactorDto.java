package io.twofold.enrollment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorState;
import io.twofold.enrollment.domain.FactorType;
import java.time.Instant;

/**
 * A factor as its user and administrators see it: public data, destination masked. A pending factor
 * says until when it can be confirmed; the answer to a confirmation carries a step-up grant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FactorDto(
    String id, FactorType type, String label, FactorState state, boolean isDefault,
    String maskedDestination, Instant createdAt, Instant confirmedAt, Instant pendingUntil,
    String stepUpToken, Instant stepUpExpiresAt) {

  static FactorDto of(Factor factor) {
    return new FactorDto(factor.id(), factor.type(), factor.label(), factor.state(), factor.isDefault(),
        factor.maskedDestination().orElse(null), factor.createdAt(), factor.confirmedAt(), factor.pendingUntil(),
        null, null);
  }

  FactorDto withStepUp(io.twofold.enrollment.app.StepUp.Grant grant) {
    return new FactorDto(id, type, label, state, isDefault, maskedDestination, createdAt, confirmedAt, pendingUntil,
        grant.token(), grant.expiresAt());
  }
}
