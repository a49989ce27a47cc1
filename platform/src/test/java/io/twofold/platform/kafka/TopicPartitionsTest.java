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
}
