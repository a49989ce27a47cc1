package io.twofold.delivery.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.delivery.budget.SmsBudgets;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.platform.outbox.Outbox;
import io.twofold.platform.outbox.Proof;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import java.time.Instant;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * A {@code DeliveryEvent} for every outcome, keyed by user id, through the outbox (the job's write
 * of the outcome marks the job with the event id), and
 * {@code twofold_delivery_deliveries_total{channel,provider,status,fallback}}, and for SMS sent
 * {@code twofold_delivery_sms_sent_total{range}}. Never carries the code, nor an SMS destination
 * beyond its range.
 */
@Component
public class DeliveryEventPublisher {

  private static final java.time.Duration DIRECT_SEND_TIMEOUT = java.time.Duration.ofSeconds(10);

  private final Outbox outbox;
  private final KafkaTemplate<String, Object> kafka;
  private final EventMetadataFactory metadata;
  private final MeterRegistry meters;

  public DeliveryEventPublisher(Outbox outbox, KafkaTemplate<String, Object> kafka, EventMetadataFactory metadata,
      MeterRegistry meters) {
    this.outbox = outbox;
    this.kafka = kafka;
    this.metadata = metadata;
    this.meters = meters;
  }

  /** The event of an outcome; the job's write of it must mark the job with the event's id. */
  public Outbox.Pending outcome(DeliveryJob job, DeliveryStatus status, String provider, String providerMessageId,
      String errorClass, Instant nextAttemptAt) {
    return outbox.prepare(Topics.DELIVERIES, job.userId(),
        event(job, status, provider, providerMessageId, errorClass, nextAttemptAt),
        new Proof.Marked(DeliveryJobStore.COLLECTION, job.requestId()));
  }

  public void release(Outbox.Pending event) {
    outbox.release(java.util.List.of(event));
    count((DeliveryEvent) event.value());
  }

  public void discard(Outbox.Pending event) {
    outbox.discard(java.util.List.of(event));
  }

  /**
   * The outcome of a request no job could be stored for (the database away until the code expired):
   * straight to the broker, waiting for it. A failure is thrown, for the record to be retried.
   */
  public void outcomeDirectly(DeliveryJob job, DeliveryStatus status, String errorClass) {
    DeliveryEvent event = event(job, status, "none", null, errorClass, null);
    try {
      kafka.send(Topics.DELIVERIES.name(), job.userId(), event)
          .get(DIRECT_SEND_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", interrupted);
    } catch (Exception failed) {
      throw new org.springframework.kafka.KafkaException("could not publish the outcome of " + job.requestId(), failed);
    }
    count(event);
  }

  private DeliveryEvent event(DeliveryJob job, DeliveryStatus status, String provider, String providerMessageId,
      String errorClass, Instant nextAttemptAt) {
    return DeliveryEvent.newBuilder()
        .setMetadata(metadata.create(job.tenantId(), job.requestId()))
        .setRequestId(job.requestId())
        .setUserId(job.userId())
        .setChallengeId(job.challengeId())
        .setFactorId(job.factorId())
        .setPurpose(CodePurpose.valueOf(job.purpose()))
        .setChannel(Channel.valueOf(job.channel()))
        .setStatus(status)
        .setProvider(provider)
        .setAttempt(job.attempt())
        .setProviderMessageId(providerMessageId)
        .setErrorClass(errorClass)
        .setNextAttemptAt(nextAttemptAt)
        .setFallback(job.chainPosition() > 0)
        .setDestinationRange("SMS".equals(job.channel()) ? SmsBudgets.range(job.destination()) : null)
        .build();
  }

  private void count(DeliveryEvent event) {
    meters.counter("twofold.delivery.deliveries", "channel", event.getChannel().name(), "provider",
        event.getProvider() == null ? "none" : event.getProvider(), "status", event.getStatus().name(),
        "fallback", Boolean.toString(event.getFallback())).increment();
    if (event.getStatus() == DeliveryStatus.SENT && event.getDestinationRange() != null) {
      // the sends of the SMS-pumping signal; challenge-service counts the sign-ins they led to
      meters.counter("twofold.delivery.sms.sent", "range", event.getDestinationRange()).increment();
    }
  }
}
