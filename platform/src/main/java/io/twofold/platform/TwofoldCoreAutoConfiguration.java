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

  @Bean
  @ConditionalOnMissingBean
  SecureRandom secureRandom() {
    // The platform default (NativePRNG / DRBG on Linux): non-blocking, cryptographically strong.
    return new SecureRandom();
  }
}
