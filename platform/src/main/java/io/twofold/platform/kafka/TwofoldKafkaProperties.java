package io.twofold.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twofold's Kafka settings beyond Boot's {@code spring.kafka.*}.
 *
 * @param registryUrl Apicurio Registry v3 API base, e.g. {@code http://127.0.0.1:8080/apis/registry/v3}
 * @param consumedTopics topics this service consumes; a dead-letter topic is created for each, per
 *     the service's consumer group
 * @param retryAttempts how often a record that fails for an unknown reason is retried before it goes
 *     to the dead-letter topic
 * @param retryInterval pause between those retries, and the first pause of transient retries
 * @param transientRetryMaxInterval longest pause between two retries of a transient failure
 * @param transientRetryLimit how long a record failing for a transient cause is retried at most
 *     (listeners end records whose own deadline passed before that)
 * @param producerMaxBlock how long a send may wait for the broker's metadata or buffer space
 *     ({@code max.block.ms}; Kafka's default is a minute)
 * @param producerRequestTimeout how long the producer waits for one request's answer ({@code
 *     request.timeout.ms})
 * @param producerDeliveryTimeout how long an accepted send is tried before it fails ({@code
 *     delivery.timeout.ms}; at least the request timeout)
 * @param partitions partition counts overriding the catalogue's defaults, by topic name, e.g.
 *     {@code twofold.kafka.partitions[twofold.code-requests]=24} (brackets keep the dots in the key), or
 *     {@code TWOFOLD_KAFKA_PARTITIONS_TWOFOLD_CODE_REQUESTS=24}
 * @param replicationFactor copies of each partition the services create topics with (the broker's
 *     {@code default.replication.factor} when unset; 3 on a three-broker cluster)
 * @param minInsyncReplicas copies that must have a record before the producers' {@code acks=all}
 *     send succeeds ({@code min.insync.replicas}; the broker's, 1, when unset; 2 with three
 *     replicas, so one broker can be lost without losing an acknowledged record or stopping)
 * @param serializerRegistersSchemas whether the serializer may register a schema it does not find;
 *     off by default: the services register every topic's schema at start ({@link SchemaSubjects}),
 *     and a producer never adds a version behind the compatibility check's back
 * @param schemaCompatibility the registry's compatibility rule for every subject
 */
@ConfigurationProperties("twofold.kafka")
public record TwofoldKafkaProperties(
    String registryUrl,
    @DefaultValue List<String> consumedTopics,
    @DefaultValue("2") int retryAttempts,
    @DefaultValue("500ms") Duration retryInterval,
    @DefaultValue("30s") Duration transientRetryMaxInterval,
    @DefaultValue("15m") Duration transientRetryLimit,
    @DefaultValue("5s") Duration producerMaxBlock,
    @DefaultValue("10s") Duration producerRequestTimeout,
    @DefaultValue("30s") Duration producerDeliveryTimeout,
    @DefaultValue java.util.Map<String, Integer> partitions,
    Short replicationFactor,
    Integer minInsyncReplicas,
    @DefaultValue("false") boolean serializerRegistersSchemas,
    @DefaultValue("FULL_TRANSITIVE") String schemaCompatibility) {

  /**
   * The topic's partitions: its own entry, or the entry an environment variable makes of its name
   * ({@code TWOFOLD_KAFKA_PARTITIONS_TWOFOLD_CODE_REQUESTS=12} binds the key
   * {@code twofold.code.requests}: environment variables cannot carry a dash), or the catalogue's.
   */
  public int partitionsOf(io.twofold.schemas.Topic<?, ?> topic) {
    Integer exact = partitions.get(topic.name());
    if (exact != null) {
      return exact;
    }
    String fromEnvironment = topic.name().replace('-', '.');
    return partitions.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(fromEnvironment))
        .map(java.util.Map.Entry::getValue).findFirst().orElse(topic.partitions());
  }
}
