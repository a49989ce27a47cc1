package io.twofold.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic with the types of its key and value. Instances exist only in {@link Topics}, the one
 * place where topic names are spelled.
 *
 * @param name Kafka topic name
 * @param keyType type of the record key (the user id, or a policy scope key)
 * @param valueType the Avro record carried, one type per topic
 * @param partitions partitions created by default; deployments may override the count
 * @param compacted whether the topic keeps only the latest value per key
 */
public record Topic<K, V extends SpecificRecord>(
    String name, Class<K> keyType, Class<V> valueType, int partitions, boolean compacted) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
  }

  /** The dead-letter topic of this topic for one consumer group: {@code <topic>.<group>.dlt}. */
  public String deadLetterTopic(String consumerGroup) {
    return deadLetterTopic(name, consumerGroup);
  }

  /** The dead-letter topic name for any source topic and consumer group. */
  public static String deadLetterTopic(String sourceTopic, String consumerGroup) {
    if (consumerGroup == null || consumerGroup.isBlank()) {
      throw new IllegalArgumentException("consumer group must not be blank");
    }
    return sourceTopic + "." + consumerGroup + ".dlt";
  }
}
