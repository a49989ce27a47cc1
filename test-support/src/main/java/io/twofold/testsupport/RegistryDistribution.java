package io.twofold.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.FileUtils;

/**
 * The Apicurio Registry server distribution that Maven fetched from Maven Central
 * ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}), unpacked once into a cache folder
 * ({@code ~/.cache/twofold} or {@code TWOFOLD_CACHE_DIR}) and reused by every later run.
 */
public final class RegistryDistribution {

  private static final String SETTINGS = "/twofold-test-support.properties";

  private RegistryDistribution() {}

  /** @return the unpacked distribution's {@code quarkus-run.jar} */
  public static synchronized Path runnableJar() {
    Properties settings = settings();
    String version = settings.getProperty("apicurio.version");
    Path archive =
        Path.of(System.getProperty("twofold.apicurio.distribution", settings.getProperty("apicurio.distribution")));
    Path target = cacheRoot().resolve("apicurio-registry-" + version);
    Path jar = target.resolve("quarkus-run.jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "Apicurio Registry distribution not found at " + archive + ". Build with Maven (./mvnw"
              + " install) so that it fetches io.apicurio:apicurio-registry-app:" + version
              + ":tar.gz:all, or set -Dtwofold.apicurio.distribution to the archive.");
    }
    unpack(archive, target);
    return jar;
  }

  private static void unpack(Path archive, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
      try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
          TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path out = staging.resolve(entry.getName()).normalize();
          if (!out.startsWith(staging)) {
            throw new IOException("archive entry escapes the target folder: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
        // Another JVM unpacked it first; keep theirs.
        FileUtils.deleteQuietly(staging.toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack " + archive, e);
    }
  }

  static Path cacheRoot() {
    String override = System.getenv("TWOFOLD_CACHE_DIR");
    return override != null
        ? Path.of(override)
        : Path.of(System.getProperty("user.home"), ".cache", "twofold");
  }

  private static Properties settings() {
    Properties properties = new Properties();
    try (InputStream in = RegistryDistribution.class.getResourceAsStream(SETTINGS)) {
      if (in == null) {
        throw new IllegalStateException(SETTINGS + " is missing from the test-support jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
