package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster id in 64 drawn as plain URL-safe base64 starts with '-', which the storage tool took
 * for an option: the stack then did not start (it broke a CI run). Ids are now Kafka's own, and
 * the tool is given the id so that one kept from before still formats.
 */
class KafkaClusterIdTest {

  @Test
  void generatedIdsAreKafkaIdsThatNeverStartWithADash() {
    // With the old generator, 10,000 draws hold a leading '-' with a probability of 1 - (63/64)^10000.
    IntStream.range(0, 10_000).mapToObj(i -> LocalSecrets.kafkaClusterId()).forEach(id -> {
      assertThat(id).doesNotStartWith("-").hasSize(22);
      assertThat(Uuid.fromString(id).toString()).isEqualTo(id);
    });
  }

  @Test
  void aKeptIdThatStartsWithADashStillFormatsTheLogFolder(@TempDir Path dataDir) throws Exception {
    String keptId = "-kU3OEVBNTcwNTJENDM2Qg";
    try (ChildProcess kafka = KafkaNode.start(dataDir, StackPorts.free(), keptId, dataDir.resolve("logs"))) {
      assertThat(Files.readString(dataDir.resolve("kafka").resolve("meta.properties")))
          .contains("cluster.id=" + keptId);
    }
  }
}
