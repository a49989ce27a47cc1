package io.twofold.delivery.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import java.time.Instant;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * A {@code DeliveryEvent} for every outcome, keyed by user id, and
 * {@code twofold_delivery_deliveries_total{channel,provider,status}}. Never carries the code.
 */
@Component
public class DeliveryEventPublisher {

  private final KafkaTemplate<String, DeliveryEvent> kafka;
  private final EventMetadataFactory metadata;
  private final MeterRegistry meters;

  public DeliveryEventPublisher(KafkaTemplate<String, DeliveryEvent> kafka, EventMetadataFactory metadata, MeterRegistry meters) {
    this.kafka = kafka;
    this.metadata = metadata;
    this.meters = meters;
  }

  public void outcome(DeliveryJob job, DeliveryStatus status, String provider, String providerMessageId,
      String errorClass, Instant nextAttemptAt) {
    DeliveryEvent event = DeliveryEvent.newBuilder()
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
        .build();
    kafka.send(Topics.DELIVERIES.name(), job.userId(), event);
    meters.counter("twofold.delivery.deliveries", "channel", job.channel(), "provider", provider,
        "status", status.name()).increment();
  }
}
