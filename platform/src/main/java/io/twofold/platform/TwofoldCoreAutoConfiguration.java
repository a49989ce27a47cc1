package io.twofold.platform;

import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Time and randomness as beans, so tests can control both (STYLE.md). */
@AutoConfiguration
public class TwofoldCoreAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Seals codes in CodeRequest events, in the services that produce or deliver them. */
  @Bean
  @ConditionalOnMissingBean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("twofold.crypto.code-keys.active")
  io.twofold.platform.crypto.CodeSealer codeSealer(
      org.springframework.core.env.Environment environment, SecureRandom random) {
    return new io.twofold.platform.crypto.CodeSealer(
        io.twofold.platform.crypto.KeyRingProperties.bind(environment, "twofold.crypto.code-keys").toKeyRing(random));
  }

  @Bean
  @ConditionalOnMissingBean
  SecureRandom secureRandom() {
    // The platform default (NativePRNG / DRBG on Linux): non-blocking, cryptographically strong.
    return new SecureRandom();
  }

  /**
   * Latency histograms for the HTTP server and Twofold's own timers, so a dashboard's p99 is a
   * quantile over every instance's requests ({@code histogram_quantile} over {@code _bucket}), not
   * the slowest single request; the buckets span 1 ms to 30 s to keep the series few.
   */
  @Bean
  io.micrometer.core.instrument.config.MeterFilter twofoldLatencyHistograms() {
    return new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
          io.micrometer.core.instrument.Meter.Id id, io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
        boolean latency = id.getType() == io.micrometer.core.instrument.Meter.Type.TIMER
            && (id.getName().equals("http.server.requests") || id.getName().startsWith("twofold."));
        if (!latency) {
          return config;
        }
        return io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
            .percentilesHistogram(true)
            .minimumExpectedValue((double) java.time.Duration.ofMillis(1).toNanos())
            .maximumExpectedValue((double) java.time.Duration.ofSeconds(30).toNanos())
            .build().merge(config);
      }
    };
  }
}
