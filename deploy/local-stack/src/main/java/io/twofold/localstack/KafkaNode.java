package io.twofold.localstack;

import io.twofold.testsupport.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka cluster in KRaft mode (combined broker and controller), run from the
 * Kafka jars on the launcher's classpath as a child process. Its log folder is formatted once and
 * kept, so topics and records survive restarts.
 */
final class KafkaNode {

  private KafkaNode() {}

  static ChildProcess start(Path dataDir, StackPorts ports, String clusterId, Path logs) {
    Path logDir = dataDir.resolve("kafka");
    Path config = dataDir.resolve("kafka-server.properties");
    String properties = String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + ports.kafkaController(),
        "listeners=PLAINTEXT://127.0.0.1:" + ports.kafka() + ",CONTROLLER://127.0.0.1:" + ports.kafkaController(),
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.kafka(),
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDir.toAbsolutePath(),
        "num.partitions=3",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // Twofold creates its topics from the catalogue; a typo must not create a new one.
        "auto.create.topics.enable=false",
        "");
    try {
      Files.createDirectories(logDir);
      Files.writeString(config, properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      ChildProcess.runToCompletion(
          "kafka-storage-format",
          List.of(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
              // One argument, so that an id kept from an older stack that starts with '-' is not
              // read as an option.
              "--cluster-id=" + clusterId, "--config=" + config),
          logs.resolve("kafka-format.log"));
    }
    return ChildProcess.start(
        "kafka",
        List.of(java, "-Xms256m", "-Xmx512m", "-cp", classpath, "kafka.Kafka", config.toString()),
        Map.of(),
        logs.resolve("kafka.log"));
  }
}
