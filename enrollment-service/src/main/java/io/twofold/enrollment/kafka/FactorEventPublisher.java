package io.twofold.enrollment.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.enrollment.domain.Factor;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.platform.outbox.Outbox;
import io.twofold.platform.outbox.Proof;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code FactorEvent}s on {@code twofold.factors}, keyed by user id, through the outbox: each is
 * stored with the proof of its change before the change, and released after it. Public data only,
 * never a secret.
 */
@Component
public class FactorEventPublisher {

  private final Outbox outbox;
  private final EventMetadataFactory metadata;
  private final MeterRegistry meters;

  public FactorEventPublisher(Outbox outbox, EventMetadataFactory metadata, MeterRegistry meters) {
    this.outbox = outbox;
    this.metadata = metadata;
    this.meters = meters;
  }

  public Outbox.Pending factorChanged(FactorChange change, Factor factor, Proof proof) {
    return factorChanged(change, factor, proof, null);
  }

  /** @param challengeId for CONFIRMED, the enforced sign-in this confirmation completes, or null */
  public Outbox.Pending factorChanged(FactorChange change, Factor factor, Proof proof, String challengeId) {
    return outbox.prepare(Topics.FACTORS, factor.userId(), FactorEvent.newBuilder()
        .setMetadata(metadata.create(factor.tenantId()))
        .setUserId(factor.userId())
        .setChange(change)
        .setFactorId(factor.id())
        .setFactorType(ProviderType.valueOf(factor.type().providerType()))
        .setLabel(factor.label())
        .setMaskedDestination(factor.maskedDestination().orElse(null))
        .setChallengeId(challengeId)
        .build(), proof);
  }

  public Outbox.Pending backupCodes(FactorChange change, String userId, String tenantId, long left, Proof proof) {
    return outbox.prepare(Topics.FACTORS, userId, FactorEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setChange(change)
        .setFactorType(ProviderType.BACKUP_CODE)
        .setBackupCodesLeft((int) left)
        .build(), proof);
  }

  public Outbox.Pending resetByAdmin(String userId, String tenantId, String adminId, Proof proof) {
    return outbox.prepare(Topics.FACTORS, userId, FactorEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setChange(FactorChange.RESET_BY_ADMIN)
        .setActorId(adminId)
        .build(), proof);
  }

  /** The changes are stored: publish their events, in this order, without waiting for the broker. */
  public void release(Outbox.Pending... events) {
    outbox.release(List.of(events));
    for (Outbox.Pending pending : events) {
      FactorEvent event = (FactorEvent) pending.value();
      // twofold_enrollment_factor_changes_total{type, change} (DESIGN §7: factors by type)
      meters.counter("twofold.enrollment.factor.changes",
          "type", event.getFactorType() == null ? "ALL" : event.getFactorType().name(),
          "change", event.getChange().name()).increment();
    }
  }

  /** The changes were refused: their events must never be published. */
  public void discard(Outbox.Pending... events) {
    outbox.discard(List.of(events));
  }
}
