package io.twofold.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.schemas.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Partition counts set where deployments set things: in YAML, and in environment variables. */
class TopicPartitionsTest {

  private static TwofoldKafkaProperties bind(org.springframework.core.env.PropertySource<?> source) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(source);
    return Binder.get(environment).bindOrCreate("twofold.kafka", TwofoldKafkaProperties.class);
  }

  @Test
  void anEnvironmentVariableSetsATopicsPartitionsThoughItsNameHasADash() {
    TwofoldKafkaProperties properties = bind(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        Map.of("TWOFOLD_KAFKA_PARTITIONS_TWOFOLD_CODE_REQUESTS", "12")));

    assertThat(properties.partitionsOf(Topics.CODE_REQUESTS)).isEqualTo(12);
    assertThat(properties.partitionsOf(Topics.CHALLENGE_REQUESTS)).isEqualTo(Topics.CHALLENGE_REQUESTS.partitions());
  }

  @Test
  void yamlNamesTheTopicAsItIs() {
    TwofoldKafkaProperties properties = bind(new org.springframework.core.env.MapPropertySource("yaml",
        Map.of("twofold.kafka.partitions[twofold.code-requests]", "24")));

    assertThat(properties.partitionsOf(Topics.CODE_REQUESTS)).isEqualTo(24);
  }

  @Test
  void aThreeBrokerClusterGetsThreeCopiesOfEveryTopicAndTwoInSyncForAnAcknowledgedRecord() {
    TwofoldKafkaProperties properties = bind(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        Map.of("TWOFOLD_KAFKA_REPLICATION_FACTOR", "3", "TWOFOLD_KAFKA_MIN_INSYNC_REPLICAS", "2",
            "TWOFOLD_KAFKA_CONSUMED_TOPICS", "twofold.code-requests")));

    var topics = KafkaBackboneAutoConfiguration.topics(properties, "delivery-service");

    assertThat(topics).extracting(org.apache.kafka.clients.admin.NewTopic::name)
        .contains(Topics.CODE_REQUESTS.name(), "twofold.code-requests.delivery-service.dlt");
    assertThat(topics).allSatisfy(topic -> {
      assertThat(topic.replicationFactor()).as(topic.name()).isEqualTo((short) 3);
      assertThat(topic.configs()).as(topic.name()).containsEntry("min.insync.replicas", "2");
    });
  }

  @Test
  void unsetTheBrokersDefaultsApply() {
    TwofoldKafkaProperties properties = bind(new org.springframework.core.env.MapPropertySource("none", Map.of()));

    assertThat(KafkaBackboneAutoConfiguration.topics(properties, "g")).allSatisfy(topic -> {
      assertThat(topic.replicationFactor()).isEqualTo((short) -1);
      assertThat(topic.configs() == null ? Map.of() : topic.configs()).doesNotContainKey("min.insync.replicas");
    });
  }
}
