package io.twofold.platform.kafka;

import io.twofold.schemas.Topic;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Sends records a listener cannot process to {@code <topic>.<consumer-group>.dlt} (DESIGN §3). A
 * record whose value could not even be deserialized is forwarded as its original bytes, so nothing
 * a producer wrote is lost; other failures are forwarded as the Avro record. Kafka's exception
 * headers say what went wrong.
 */
public final class DeadLetters {

  private DeadLetters() {}

  public static DeadLetterPublishingRecoverer recoverer(
      KafkaOperations<?, ?> avroTemplate, KafkaOperations<?, ?> bytesTemplate, String defaultGroup) {
    Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
    templates.put(byte[].class, bytesTemplate);
    templates.put(Object.class, avroTemplate);
    return new DeadLetterPublishingRecoverer(
        templates,
        (record, failure) -> {
          String group = KafkaUtils.getConsumerGroupId();
          String dlt = Topic.deadLetterTopic(record.topic(), group != null ? group : defaultGroup);
          // -1: let the producer's partitioner pick, the DLT need not mirror the source partitions.
          return new TopicPartition(dlt, -1);
        });
  }
}
