package io.twofold.enrollment.config;

import io.twofold.enrollment.store.SecretStore;
import io.twofold.platform.crypto.KeyRingProperties;
import io.twofold.platform.crypto.PepperedHasher;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Keys of enrollment: the TOTP key ring (only this service has it) and the backup-code pepper. */
@Configuration
@EnableConfigurationProperties(EnrollmentProperties.class)
public class EnrollmentConfiguration {

  @Bean
  SecretStore secretStore(MongoTemplate mongo, Environment environment, SecureRandom random) {
    return new SecretStore(mongo, KeyRingProperties.bind(environment, "twofold.crypto.totp-keys").toKeyRing(random));
  }

  /** Hashes backup codes and confirmation codes. */
  @Bean
  PepperedHasher pepperedHasher(@Value("${twofold.crypto.backup-code-pepper:}") String pepper) {
    if (pepper.isBlank()) {
      throw new IllegalStateException("twofold.crypto.backup-code-pepper is not set (base64, 256 bits or more)");
    }
    return new PepperedHasher(Base64.getDecoder().decode(pepper.trim()));
  }
}
