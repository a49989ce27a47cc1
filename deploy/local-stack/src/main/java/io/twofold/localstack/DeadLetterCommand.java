package io.twofold.localstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./twofold dlt}: the records listeners gave up on, and putting them back.
 *
 * <pre>
 *   ./twofold dlt list   [--bootstrap HOST:PORT]            every dead-letter topic, what waits in it and why
 *   ./twofold dlt replay TOPIC [--bootstrap HOST:PORT]      the waiting records of one dead-letter topic,
 *                                                           sent again, as they were, to the topic they came from
 * </pre>
 *
 * A record waits until it is replayed: the consumer group {@value #GROUP} remembers, per dead-letter
 * topic, how far replays went, so a record is replayed once (run {@code list} after fixing the cause,
 * then {@code replay}). Key and value are sent byte for byte — the Avro record with its schema id, or
 * the bytes nobody could read — without the {@code kafka_dlt-*} headers; consumers are idempotent on
 * the event id, so a record that was processed after all is not applied twice.
 */
public final class DeadLetterCommand {

  static final String GROUP = "twofold-dlt-replay";
  private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
  private static final Duration POLL = Duration.ofMillis(500);

  private final String bootstrap;
  private final PrintStream out;

  public DeadLetterCommand(String bootstrap, PrintStream out) {
    this.bootstrap = bootstrap;
    this.out = out;
  }

  /** @return the exit code */
  public static int run(List<String> arguments, String defaultBootstrap, PrintStream out) {
    List<String> rest = new ArrayList<>(arguments);
    String bootstrap = defaultBootstrap;
    int at = rest.indexOf("--bootstrap");
    if (at >= 0 && at + 1 < rest.size()) {
      bootstrap = rest.get(at + 1);
      rest.remove(at + 1);
      rest.remove(at);
    }
    DeadLetterCommand command = new DeadLetterCommand(bootstrap, out);
    if (rest.size() == 1 && rest.get(0).equals("list")) {
      command.list();
      return 0;
    }
    if (rest.size() == 2 && rest.get(0).equals("replay")) {
      command.replay(rest.get(1));
      return 0;
    }
    out.println("usage: dlt list [--bootstrap HOST:PORT] | dlt replay DEAD_LETTER_TOPIC [--bootstrap HOST:PORT]");
    return 2;
  }

  /** Every dead-letter topic with the records that wait in it. */
  public Map<String, List<Waiting>> list() {
    Map<String, List<Waiting>> waiting = new HashMap<>();
    for (String topic : deadLetterTopics()) {
      List<Waiting> records = new ArrayList<>();
      read(topic, record -> records.add(Waiting.of(record)));
      waiting.put(topic, records);
      out.printf("%s: %d waiting%n", topic, records.size());
      for (Waiting record : records) {
        out.printf("  partition %d offset %d at %s key %s from %s: %s%n", record.partition(), record.offset(),
            record.at(), record.key(), record.originalTopic(), record.reason());
      }
    }
    if (waiting.isEmpty()) {
      out.println("no dead-letter topics");
    }
    return waiting;
  }

  /** Sends the waiting records of a dead-letter topic back to their topics; returns how many. */
  public int replay(String deadLetterTopic) {
    if (!deadLetterTopic.endsWith(".dlt")) {
      throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (*.dlt)");
    }
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> replayed = read(deadLetterTopic, records::add);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        String original = header(record, ORIGINAL_TOPIC);
        if (original == null) {
          throw new IllegalStateException(deadLetterTopic + " offset " + record.offset()
              + " does not say which topic it came from (" + ORIGINAL_TOPIC + ")");
        }
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(original, record.key(), record.value());
        for (Header header : record.headers()) {
          if (!header.key().startsWith("kafka_dlt-")) {
            again.headers().add(header);
          }
        }
        producer.send(again).get();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    } catch (java.util.concurrent.ExecutionException failed) {
      throw new IllegalStateException("replay stopped: " + failed.getCause().getMessage(), failed.getCause());
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.commitSync(replayed); // only after every record went out: a failed replay is replayed again
    }
    out.printf("%s: %d replayed%n", deadLetterTopic, records.size());
    return records.size();
  }

  /** A record waiting in a dead-letter topic, and why it is there. */
  public record Waiting(int partition, long offset, Instant at, String key, String originalTopic, String reason) {

    static Waiting of(ConsumerRecord<byte[], byte[]> record) {
      String exception = header(record, "kafka_dlt-exception-cause-fqcn");
      if (exception == null) {
        exception = header(record, "kafka_dlt-exception-fqcn");
      }
      String message = header(record, "kafka_dlt-exception-message");
      return new Waiting(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
          record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
          header(record, ORIGINAL_TOPIC), exception + (message == null ? "" : ": " + message));
    }
  }

  private Set<String> deadLetterTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> topics = new TreeSet<>(admin.listTopics().names().get());
      topics.removeIf(topic -> !topic.endsWith(".dlt"));
      return topics;
    } catch (Exception unreachable) {
      throw new IllegalStateException("cannot list topics at " + bootstrap + ": " + unreachable.getMessage(),
          unreachable);
    }
  }

  /** Reads a dead-letter topic from where the last replay ended to its end now; returns the new positions. */
  private Map<TopicPartition, OffsetAndMetadata> read(String topic,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata from = committed.get(partition);
        if (from == null) {
          consumer.seekToBeginning(List.of(partition));
        } else {
          consumer.seek(partition, from.offset());
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            each.accept(record);
          }
        }
      }
      partitions.forEach(partition -> positions.put(partition, new OffsetAndMetadata(end.get(partition))));
      return positions;
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, GROUP,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
