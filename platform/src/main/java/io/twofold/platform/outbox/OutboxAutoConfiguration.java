package io.twofold.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** The outbox of a service, in its own database (collection {@code twofold_outbox}). */
@AutoConfiguration
public class OutboxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Outbox outbox(MongoTemplate mongo, KafkaTemplate<String, Object> kafka, Clock clock,
      @Value("${twofold.outbox.interval:2s}") Duration interval,
      @Value("${twofold.outbox.settle:5s}") Duration settle,
      @Value("${twofold.outbox.abandon:2m}") Duration abandon,
      @Value("${twofold.outbox.send-timeout:10s}") Duration sendTimeout,
      @Value("${twofold.outbox.forget-after:100ms}") Duration forgetAfter) {
    return new Outbox(mongo, kafka, clock, new Outbox.Settings(interval, settle, abandon, sendTimeout, forgetAfter));
  }
}
