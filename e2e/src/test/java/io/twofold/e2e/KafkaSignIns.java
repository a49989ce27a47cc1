package io.twofold.e2e;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A login service that signs users in over Kafka: it publishes ChallengeRequests through the
 * registry as any Confluent-ecosystem client does, and keeps trying for two minutes while the broker
 * is away (its own delivery timeout). A request counts as accepted once the broker acknowledged it.
 */
final class KafkaSignIns implements AutoCloseable {

  static final String CLIENT = "faults-portal";

  private final KafkaProducer<String, ChallengeRequest> producer;

  KafkaSignIns(String bootstrap, String registryUrl) {
    Map<String, Object> settings = new HashMap<>(AvroSerde.producerSettings(registryUrl));
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    producer = new KafkaProducer<>(settings);
  }

  /** Completes when the broker acknowledged the request, exceptionally when it never did. */
  CompletableFuture<Void> publish(String challengeId, String userId, String tenantId) {
    ChallengeRequest request = ChallengeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId(tenantId).setProducer(CLIENT).build())
        .setChallengeId(challengeId).setUserId(userId).setAuthority(Authority.TENANT_ADMIN).setLocale("en")
        .build();
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(Topics.CHALLENGE_REQUESTS.name(), userId, request), (metadata, failure) -> {
        if (failure == null) {
          acknowledged.complete(null);
        } else {
          acknowledged.completeExceptionally(failure);
        }
      });
    } catch (RuntimeException refused) {
      acknowledged.completeExceptionally(refused);
    }
    return acknowledged;
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
