package io.twofold.platform.kafka;

import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The event backbone every service gets by depending on the platform module: Avro in Confluent wire
 * format, idempotent {@code acks=all} producers, deserialization errors and failing records routed
 * to dead-letter topics, and the catalogue's topics created at start-up.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TwofoldKafkaProperties.class)
public class KafkaBackboneAutoConfiguration {

  @Bean
  DefaultKafkaProducerFactoryCustomizer twofoldAvroProducer(TwofoldKafkaProperties properties) {
    return factory -> {
      factory.updateConfigs(AvroSerde.producerSettings(properties.registryUrl(), properties.serializerRegistersSchemas()));
      // Bounded waits (DESIGN §6): with the broker away, a send gives up after max-block instead of
      // holding its thread for Kafka's default minute, and an accepted send fails after
      // delivery-timeout instead of two minutes; the outbox publishes what did not go out.
      factory.updateConfigs(java.util.Map.of(
          org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG,
          (int) properties.producerMaxBlock().toMillis(),
          org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          (int) properties.producerRequestTimeout().toMillis(),
          org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          (int) properties.producerDeliveryTimeout().toMillis()));
      // Bounded shutdown: flush what can be flushed, never hang a stopping service on a lost broker.
      factory.setPhysicalCloseTimeout(5);
    };
  }

  @Bean
  DefaultKafkaConsumerFactoryCustomizer twofoldAvroConsumer(TwofoldKafkaProperties properties) {
    return factory -> factory.updateConfigs(AvroSerde.consumerSettings(properties.registryUrl()));
  }

  @Bean
  DeadLetterBytesProducer deadLetterBytesProducer(KafkaProperties kafka) {
    return new DeadLetterBytesProducer(kafka.buildProducerProperties());
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler twofoldErrorHandler(
      KafkaOperations<?, ?> kafkaTemplate,
      DeadLetterBytesProducer deadLetterBytesProducer,
      TwofoldKafkaProperties properties,
      KafkaProperties kafka,
      io.micrometer.core.instrument.MeterRegistry meters) {
    String group = kafka.getConsumer().getGroupId();
    var deadLetters = DeadLetters.recoverer(kafkaTemplate, deadLetterBytesProducer.template(), group);
    org.springframework.kafka.listener.ConsumerRecordRecoverer recoverer = (record, failure) -> {
      // twofold_kafka_dead_letters_total{topic}: DLT growth is an alert (DESIGN §7)
      meters.counter("twofold.kafka.dead.letters", "topic", record.topic()).increment();
      deadLetters.accept(record, failure);
    };
    // By cause (DESIGN §6): a transient failure (database, broker, registry or a peer service away)
    // is retried with exponential backoff, for as long as twofold.kafka.transient-retry-limit, the
    // listener ending the record itself once the record's own deadline passed; a poison record (it
    // cannot be read or opened, or is malformed) goes to the dead-letter topic at once; anything
    // else gets a few quick retries first. Listeners never swallow exceptions, so nothing is dropped
    // silently.
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, quickRetries(properties));
    handler.removeClassification(org.springframework.kafka.support.serializer.DeserializationException.class);
    handler.setBackOffFunction((record, failure) -> backOff(failure, properties));
    return handler;
  }

  static org.springframework.util.backoff.BackOff backOff(Exception failure, TwofoldKafkaProperties properties) {
    if (Failures.isTransient(failure)) {
      var transientRetries = new org.springframework.util.backoff.ExponentialBackOff(
          properties.retryInterval().toMillis(), 2.0);
      transientRetries.setMaxInterval(properties.transientRetryMaxInterval().toMillis());
      transientRetries.setMaxElapsedTime(properties.transientRetryLimit().toMillis());
      return transientRetries;
    }
    if (poison(failure)) {
      return new FixedBackOff(0, 0);
    }
    return quickRetries(properties);
  }

  /** A record that cannot be read, opened or is malformed will not get better by retrying. */
  static boolean poison(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.springframework.kafka.support.serializer.DeserializationException
          || cause instanceof io.twofold.platform.crypto.CryptoFailure
          || cause instanceof IllegalArgumentException
          || cause instanceof org.apache.avro.AvroRuntimeException) {
        return true;
      }
    }
    return false;
  }

  private static FixedBackOff quickRetries(TwofoldKafkaProperties properties) {
    return new FixedBackOff(properties.retryInterval().toMillis(), properties.retryAttempts());
  }

  @Bean
  SchemaSubjects schemaSubjects(TwofoldKafkaProperties properties) {
    return new SchemaSubjects(properties.registryUrl(), properties.schemaCompatibility(), java.time.Duration.ofSeconds(10));
  }

  @Bean
  KafkaAdmin.NewTopics twofoldTopics(TwofoldKafkaProperties properties, KafkaProperties kafka) {
    return new KafkaAdmin.NewTopics(topics(properties, kafka.getConsumer().getGroupId()).toArray(NewTopic[]::new));
  }

  /**
   * The catalogue's topics and this service's dead-letter topics, with the partitions, replicas and
   * {@code min.insync.replicas} the deployment sets. The admin also brings an existing topic's
   * configuration (not its replica count) to these values at start.
   */
  static List<NewTopic> topics(TwofoldKafkaProperties properties, String group) {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<String, ?> topic : Topics.all()) {
      TopicBuilder builder = durable(TopicBuilder.name(topic.name()).partitions(properties.partitionsOf(topic)), properties);
      topics.add(topic.compacted() ? builder.compact().build() : builder.build());
    }
    for (String consumed : properties.consumedTopics()) {
      if (group == null) {
        throw new IllegalStateException(
            "twofold.kafka.consumed-topics is set but spring.kafka.consumer.group-id is not");
      }
      topics.add(durable(TopicBuilder.name(Topic.deadLetterTopic(consumed, group)).partitions(1), properties).build());
    }
    return topics;
  }

  private static TopicBuilder durable(TopicBuilder builder, TwofoldKafkaProperties properties) {
    if (properties.replicationFactor() != null) {
      builder.replicas(properties.replicationFactor());
    }
    if (properties.minInsyncReplicas() != null) {
      builder.config(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
          String.valueOf(properties.minInsyncReplicas()));
    }
    return builder;
  }

  /** Topic configurations follow the deployment's (min.insync.replicas set after the topics existed). */
  @Bean
  static org.springframework.beans.factory.config.BeanPostProcessor twofoldTopicConfigsFollowTheDeployment() {
    return new org.springframework.beans.factory.config.BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof KafkaAdmin admin) {
          admin.setModifyTopicConfigs(true);
        }
        return bean;
      }
    };
  }

  @Bean(name = "kafkaHealthIndicator")
  @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    return new KafkaHealthIndicator(
        Admin.create(kafkaAdmin.getConfigurationProperties()), Duration.ofSeconds(3));
  }

  @Bean
  @ConditionalOnMissingBean
  EventMetadataFactory eventMetadataFactory(
      Clock clock, @Value("${spring.application.name:twofold}") String producer) {
    return new EventMetadataFactory(clock, producer);
  }
}
