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

  /** The first record matching. */
  public static <V> ConsumerRecord<String, V> awaitOne(
      KafkaConsumer<String, V> consumer, String topic, Predicate<ConsumerRecord<String, V>> matches) {
    return await(consumer, topic, matches, 1).get(0);
  }
}
