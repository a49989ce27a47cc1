package io.twofold.policy.client;

import io.twofold.platform.security.ServiceTokens;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.client.RestClient;

/** The policy client, for services that set {@code twofold.policy.base-url}. */
@AutoConfiguration
@ConditionalOnProperty("twofold.policy.base-url")
public class PolicyClientAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PolicyClientAutoConfiguration.class);

  @Bean
  PolicyCache policyCache(Clock clock, @Value("${twofold.policy.cache-max-age:10m}") Duration maxAge) {
    return new PolicyCache(clock, maxAge);
  }

  @Bean
  PolicyClient policyClient(
      @Value("${twofold.policy.base-url}") String baseUrl,
      @Value("${twofold.policy.timeout:2s}") Duration timeout,
      ServiceTokens tokens,
      PolicyCache cache) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(timeout);
    requests.setReadTimeout(timeout);
    return new PolicyClient(RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build(), tokens, cache);
  }

  @Bean
  PolicySnapshotListener policySnapshotListener(PolicyCache cache) {
    return new PolicySnapshotListener(cache);
  }

  /** The partitions of twofold.policies, as every service creates it (the deployment's count). */
  @Bean
  PolicyCachePartitions policyCachePartitions(io.twofold.platform.kafka.TwofoldKafkaProperties kafka) {
    return new PolicyCachePartitions(kafka.partitionsOf(io.twofold.schemas.Topics.POLICIES));
  }

  /**
   * The cache listener's own container: a consumer without a group (assigned, never committing),
   * and a snapshot it cannot read is not dead-lettered but makes the cache forget everything, the
   * safe reaction.
   */
  @Bean
  ConcurrentKafkaListenerContainerFactory<Object, Object> policyCacheListenerFactory(
      ConsumerFactory<Object, Object> consumers, PolicyCache cache) {
    java.util.Map<String, Object> settings = new java.util.HashMap<>(consumers.getConfigurationProperties());
    settings.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
    factory.setConsumerFactory(new org.springframework.kafka.core.DefaultKafkaConsumerFactory<>(settings));
    factory.getContainerProperties().setAckMode(org.springframework.kafka.listener.ContainerProperties.AckMode.MANUAL);
    factory.setCommonErrorHandler(new DefaultErrorHandler((record, failure) -> {
      log.warn("unreadable policy snapshot at {}-{}@{}; clearing the policy cache",
          record.topic(), record.partition(), record.offset());
      cache.clear();
    }, new FixedBackOff(0, 0)));
    return factory;
  }

  /** Partition numbers for the listener's assignment. */
  public record PolicyCachePartitions(int count) {
    public String[] all() {
      return java.util.stream.IntStream.range(0, count).mapToObj(String::valueOf).toArray(String[]::new);
    }
  }
}
