package io.twofold.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twofold.platform.kafka.Failures;
import io.twofold.testsupport.SilentServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A database that accepts connections and never answers (frozen, or behind a broken network) ends
 * a service's operation as a transient failure within the configured bounds; the driver's own
 * default would wait 30 s to select a server and for ever for an answer.
 */
class MongoTimeoutsTest {

  @Test
  void aSilentDatabaseIsATransientFailureWithinTheServerSelectionTimeout() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
              TwofoldMongoAutoConfiguration.class))
          .withBean(Clock.class, Clock::systemUTC)
          .withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + silent.port() + "/silent",
              "twofold.mongo.server-selection-timeout=1s")
          .run(context -> {
            MongoTemplate mongo = context.getBean(MongoTemplate.class);
            long began = System.nanoTime();

            assertThatThrownBy(() -> mongo.getCollection("anything").countDocuments())
                .satisfies(failure -> assertThat(Failures.isTransient(failure)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the driver's default is 30 s")
                .isLessThan(Duration.ofSeconds(20));
          });
    }
  }
}
