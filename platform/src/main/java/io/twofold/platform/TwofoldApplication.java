package io.twofold.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a Twofold service with the JVM settings every service needs. */
public final class TwofoldApplication {

  /** Avro 1.12 instantiates generated classes only from trusted packages. */
  public static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

  private TwofoldApplication() {}

  public static ConfigurableApplicationContext run(Class<?> application, String... args) {
    trustSchemaPackage();
    return SpringApplication.run(application, args);
  }

  /** Adds Twofold's generated-record package to Avro's trusted packages, keeping any already set. */
  public static void trustSchemaPackage() {
    String current = System.getProperty(AVRO_TRUSTED_PACKAGES);
    String ours = "io.twofold.schemas";
    if (current == null || current.isBlank()) {
      System.setProperty(AVRO_TRUSTED_PACKAGES, ours);
    } else if (!current.contains(ours)) {
      System.setProperty(AVRO_TRUSTED_PACKAGES, current + "," + ours);
    }
  }
}
