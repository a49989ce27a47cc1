package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** {@code ./twofold dlt} on a real broker: lists what waits and why, replays it once, byte for byte. */
class DeadLetterCommandTest {

  private static final String BOOTSTRAP = TwofoldInfrastructure.get().kafkaBootstrapServers();

  @Test
  void listsWaitingRecordsWithTheirCauseAndReplaysThemOnceToTheirTopic() throws Exception {
    String original = "dlt-test-" + UUID.randomUUID();
    String deadLetters = original + ".some-service.dlt";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
      admin.createTopics(List.of(new NewTopic(original, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
          .all().get();
    }
    byte[] value = {0, 0, 0, 0, 7, 42, 43};
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(deadLetters, "user-1".getBytes(), value);
      dead.headers().add("kafka_dlt-original-topic", original.getBytes(StandardCharsets.UTF_8));
      dead.headers().add("kafka_dlt-exception-cause-fqcn",
          "org.springframework.dao.DataAccessResourceFailureException".getBytes(StandardCharsets.UTF_8));
      dead.headers().add("kafka_dlt-exception-message", "Timed out waiting for a server".getBytes(StandardCharsets.UTF_8));
      producer.send(dead).get();
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DeadLetterCommand command = new DeadLetterCommand(BOOTSTRAP, new PrintStream(printed, true, StandardCharsets.UTF_8));

    var waiting = command.list().get(deadLetters);

    assertThat(waiting).hasSize(1);
    assertThat(waiting.get(0).originalTopic()).isEqualTo(original);
    assertThat(waiting.get(0).key()).isEqualTo("user-1");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(deadLetters + ": 1 waiting")
        .contains("DataAccessResourceFailureException: Timed out waiting for a server");

    assertThat(command.replay(deadLetters)).isEqualTo(1);
    var replayed = TopicProbe.<byte[]>readToEnd(TopicProbe.consumer(Map.of(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)), original, record -> true);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).key()).isEqualTo("user-1");
    assertThat(replayed.get(0).value()).isEqualTo(value);
    assertThat(replayed.get(0).headers().lastHeader("kafka_dlt-original-topic")).isNull();

    assertThat(command.list().get(deadLetters)).isEmpty();
    assertThat(command.replay(deadLetters)).isZero();
  }
}
