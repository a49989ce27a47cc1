package io.twofold.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given feature version: Apicurio Registry 3.x needs Java 21+
 * while the services run on the default JDK 17. Looks at {@code TWOFOLD_REGISTRY_JAVA_HOME}, the
 * running JVM, {@code JAVA_HOME}, then the JDKs installed under {@code /usr/lib/jvm} (newest first).
 */
public final class JavaRuntimes {

  public static final String OVERRIDE_VARIABLE = "TWOFOLD_REGISTRY_JAVA_HOME";

  private JavaRuntimes() {}

  /**
   * @return the {@code java} launcher of a runtime with at least {@code minimumFeature}
   * @throws IllegalStateException naming what is missing and how to supply it
   */
  public static Path javaAtLeast(int minimumFeature) {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv(OVERRIDE_VARIABLE)).map(Path::of).ifPresent(candidates::add);
    candidates.add(Path.of(System.getProperty("java.home")));
    Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
    candidates.addAll(installed(Path.of("/usr/lib/jvm")));
    candidates.addAll(installed(Path.of("/opt/java")));
    for (Path home : candidates) {
      Path java = home.resolve("bin/java");
      if (Files.isExecutable(java) && featureVersion(home).orElse(0) >= minimumFeature) {
        return java;
      }
    }
    throw new IllegalStateException(
        "Apicurio Registry needs a Java " + minimumFeature + "+ runtime and none was found (looked at "
            + candidates + "). Install one (e.g. Debian package openjdk-" + minimumFeature
            + "-jdk-headless or a Temurin JDK) or point " + OVERRIDE_VARIABLE + " at its home.");
  }

  private static List<Path> installed(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> homes = Files.list(root)) {
      return homes
          .filter(Files::isDirectory)
          .sorted(Comparator.comparing((Path home) -> featureVersion(home).orElse(0)).reversed())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The feature version from the runtime's {@code release} file (JAVA_VERSION="25.0.3"). */
  static Optional<Integer> featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
    String feature = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < feature.length() && Character.isDigit(feature.charAt(end))) {
      end++;
    }
    return end == 0 ? Optional.empty() : Optional.of(Integer.parseInt(feature.substring(0, end)));
  }
}
