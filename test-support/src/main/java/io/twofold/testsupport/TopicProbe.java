package io.twofold.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;

/** Reads a topic in a test until the records it waits for arrived. */
public final class TopicProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicProbe() {}

  /**
   * Subscribes the consumer to the topic and polls until {@code count} records matching arrived,
   * then closes the consumer.
   *
   * @return the matching records, in the order read
   */
  public static <V> List<ConsumerRecord<String, V>> await(
      KafkaConsumer<String, V> consumer, String topic, Predicate<ConsumerRecord<String, V>> matches, int count) {
    List<ConsumerRecord<String, V>> found = new ArrayList<>();
    try (consumer) {
      consumer.subscribe(List.of(topic));
      Awaitility.await().atMost(TIMEOUT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (matches.test(record)) {
            found.add(record);
          }
        });
        return found.size() >= count;
      });
    }
    return found;
  }

  /**
   * Every record matching among those the topic holds now: reads each partition from its start to
   * its current end, then closes the consumer. For "exactly N", where {@link #await} stops at N.
   */
  public static <V> List<ConsumerRecord<String, V>> readToEnd(
      KafkaConsumer<String, V> consumer, String topic, Predicate<ConsumerRecord<String, V>> matches) {
    List<ConsumerRecord<String, V>> found = new ArrayList<>();
    try (consumer) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      Awaitility.await().atMost(TIMEOUT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (matches.test(record)) {
            found.add(record);
          }
        });
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
      });
    }
    return found;
  }

  /**
   * A consumer of the shared broker with the given deserializer settings, in a group of its own
   * that starts from the beginning of the topic.
   */
  public static <V> KafkaConsumer<String, V> consumer(java.util.Map<String, Object> deserializerSettings) {
    java.util.Map<String, Object> settings = new java.util.HashMap<>(deserializerSettings);
    settings.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        TwofoldInfrastructure.get().kafkaBootstrapServers());
    settings.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "probe-" + java.util.UUID.randomUUID());
    settings.putIfAbsent(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(settings);
  }

  /** The first record matching. */
  public static <V> ConsumerRecord<String, V> awaitOne(
      KafkaConsumer<String, V> consumer, String topic, Predicate<ConsumerRecord<String, V>> matches) {
    return await(consumer, topic, matches, 1).get(0);
  }
}
