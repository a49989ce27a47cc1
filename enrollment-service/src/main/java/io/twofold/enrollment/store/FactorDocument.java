package io.twofold.enrollment.store;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorState;
import io.twofold.enrollment.domain.FactorType;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A factor's public data. Its secret data lives in {@link SecretDocument}, another collection. A
 * pending factor is deleted once {@code pendingUntil} passed (TTL index; code checks the time too).
 */
@Document("factors")
record FactorDocument(
    @Id String id,
    @Indexed String userId,
    @Indexed String tenantId,
    String type,
    String label,
    String state,
    boolean isDefault,
    String destination,
    Instant createdAt,
    Instant confirmedAt,
    @Indexed(expireAfter = "0s") Instant pendingUntil,
    java.util.List<String> outboxEvents) {

  /** @param events the ids of the events the factor's creation is the proof of */
  static FactorDocument of(Factor factor, java.util.List<String> events) {
    return new FactorDocument(factor.id(), factor.userId(), factor.tenantId(), factor.type().name(),
        factor.label(), factor.state().name(), factor.isDefault(), factor.destination(),
        factor.createdAt(), factor.confirmedAt(), factor.pendingUntil(), java.util.List.copyOf(events));
  }

  Factor toFactor() {
    return new Factor(id, userId, tenantId, FactorType.valueOf(type), label, FactorState.valueOf(state),
        isDefault, destination, createdAt, confirmedAt, pendingUntil);
  }
}
