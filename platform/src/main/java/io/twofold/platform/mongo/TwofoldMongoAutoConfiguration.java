package io.twofold.platform.mongo;

import io.twofold.platform.limit.MongoCounter;
import io.twofold.platform.limit.MongoRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Mongo-backed limiter, counters, processed-event records, a ping health check, the declared
 * indexes, and bounded waits for the database.
 */
@AutoConfiguration(before = MongoHealthContributorAutoConfiguration.class)
@EnableConfigurationProperties(TwofoldMongoProperties.class)
public class TwofoldMongoAutoConfiguration {

  /** Applied after the connection string, so these bounds hold whatever the URI says. */
  @Bean
  MongoClientSettingsBuilderCustomizer twofoldMongoTimeouts(TwofoldMongoProperties properties) {
    return settings -> settings
        .applyToSocketSettings(socket -> socket
            .readTimeout((int) properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .connectTimeout((int) properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .applyToClusterSettings(cluster -> cluster
            .serverSelectionTimeout(properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Named so that Boot's list-databases indicator steps aside. */
  @Bean(name = "mongoHealthIndicator")
  MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
    return new MongoPingHealthIndicator(mongo);
  }

  @Bean
  MongoIndexes mongoIndexes(MongoTemplate mongo) {
    return new MongoIndexes(mongo);
  }

  @Bean
  @ConditionalOnMissingBean
  MongoRateLimiter mongoRateLimiter(MongoTemplate mongo, Clock clock) {
    return new MongoRateLimiter(mongo, "twofold_rate_limits", clock);
  }

  @Bean
  @ConditionalOnMissingBean
  MongoCounter mongoCounter(MongoTemplate mongo, Clock clock) {
    return new MongoCounter(mongo, "twofold_counters", clock);
  }

  @Bean
  @ConditionalOnMissingBean
  ProcessedEvents processedEvents(MongoTemplate mongo, Clock clock) {
    return new ProcessedEvents(mongo, "twofold_processed_events", clock, Duration.ofMinutes(5));
  }
}
