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
}
