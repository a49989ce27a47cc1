package io.twofold.enrollment.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.enrollment.domain.Factor;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** {@code FactorEvent}s on {@code twofold.factors}, keyed by user id. Public data only, never a secret. */
@Component
public class FactorEventPublisher {

  private final KafkaTemplate<String, FactorEvent> kafka;
  private final EventMetadataFactory metadata;
  private final MeterRegistry meters;

  public FactorEventPublisher(
      KafkaTemplate<String, FactorEvent> kafka, EventMetadataFactory metadata, MeterRegistry meters) {
    this.kafka = kafka;
    this.metadata = metadata;
    this.meters = meters;
  }

  public void factorChanged(FactorChange change, Factor factor) {
    send(FactorEvent.newBuilder()
        .setMetadata(metadata.create(factor.tenantId()))
        .setUserId(factor.userId())
        .setChange(change)
        .setFactorId(factor.id())
        .setFactorType(ProviderType.valueOf(factor.type().providerType()))
        .setLabel(factor.label())
        .setMaskedDestination(factor.maskedDestination().orElse(null))
        .build());
  }

  public void backupCodes(FactorChange change, String userId, String tenantId, long left) {
    send(FactorEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setChange(change)
        .setFactorType(ProviderType.BACKUP_CODE)
        .setBackupCodesLeft((int) left)
        .build());
  }

  public void resetByAdmin(String userId, String tenantId, String adminId) {
    send(FactorEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setChange(FactorChange.RESET_BY_ADMIN)
        .setActorId(adminId)
        .build());
  }

  private void send(FactorEvent event) {
    kafka.send(Topics.FACTORS.name(), event.getUserId(), event).join();
    // twofold_enrollment_factor_changes_total{type, change} (DESIGN §7: factors by type)
    meters.counter("twofold.enrollment.factor.changes",
        "type", event.getFactorType() == null ? "ALL" : event.getFactorType().name(),
        "change", event.getChange().name()).increment();
  }
}
