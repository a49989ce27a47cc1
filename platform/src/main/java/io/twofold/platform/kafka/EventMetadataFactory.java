package io.twofold.platform.kafka;

import io.twofold.schemas.common.EventMetadata;
import java.time.Clock;
import java.util.UUID;

/** Builds the envelope every event carries: a fresh event id, the time and the producing service. */
public final class EventMetadataFactory {

  private final Clock clock;
  private final String producer;

  public EventMetadataFactory(Clock clock, String producer) {
    this.clock = clock;
    this.producer = producer;
  }

  public EventMetadata create(String tenantId) {
    return create(tenantId, null);
  }

  public EventMetadata create(String tenantId, String correlationId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(clock.instant())
        .setTenantId(tenantId)
        .setProducer(producer)
        .setCorrelationId(correlationId)
        .build();
  }
}
