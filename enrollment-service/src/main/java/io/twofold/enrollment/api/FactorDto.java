package io.twofold.enrollment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorState;
import io.twofold.enrollment.domain.FactorType;
import java.time.Instant;

/** A factor as its user and administrators see it: public data, destination masked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FactorDto(
    String id, FactorType type, String label, FactorState state, boolean isDefault,
    String maskedDestination, Instant createdAt, Instant confirmedAt) {

  static FactorDto of(Factor factor) {
    return new FactorDto(factor.id(), factor.type(), factor.label(), factor.state(), factor.isDefault(),
        factor.maskedDestination().orElse(null), factor.createdAt(), factor.confirmedAt());
  }
}
