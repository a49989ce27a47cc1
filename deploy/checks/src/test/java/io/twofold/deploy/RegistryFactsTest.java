package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * Where Apicurio Registry serves its health, read from the registry's own configuration in the
 * distribution the build fetched (io.apicurio:apicurio-registry-app, the same version as the
 * compose and Kubernetes images): the management interface is on, at root path {@code /}, on
 * Quarkus's default management port. Compose's health check and the probes must ask there; the
 * application port answers 404 for {@code /health/ready} (seen on the running distribution).
 */
class RegistryFactsTest {

  /** Quarkus's default quarkus.management.port. */
  static final int MANAGEMENT_PORT = 9000;
  static final String READY_PATH = "/health/ready";

  @Test
  void healthIsOnTheManagementInterfaceAtTheRootPathOnTheDefaultPort() throws IOException {
    Properties registry = applicationProperties();

    assertThat(registry.getProperty("quarkus.management.enabled")).isEqualTo("true");
    assertThat(registry.getProperty("quarkus.management.root-path")).isEqualTo("/");
    assertThat(registry.getProperty("quarkus.management.port")).as("no other port than Quarkus's default")
        .isNull();
  }

  /** application.properties of apicurio-registry-app-*.jar inside the distribution's tar.gz. */
  private static Properties applicationProperties() throws IOException {
    String distribution = System.getProperty("twofold.apicurio.distribution");
    assertThat(distribution).as("the build names the registry distribution it fetched").isNotBlank();
    try (InputStream file = Files.newInputStream(Path.of(distribution));
         TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().matches("(.*/)?app/apicurio-registry-app-[^/]+\\.jar")) {
          try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(tar.readAllBytes()))) {
            for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
              if (inner.getName().equals("application.properties")) {
                Properties properties = new Properties();
                properties.load(jar);
                return properties;
              }
            }
          }
        }
      }
    }
    throw new AssertionError("no application.properties in the registry app of " + distribution);
  }
}
