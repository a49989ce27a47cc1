package io.twofold.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry run as a child process on loopback, with a global BACKWARD compatibility rule
 * (DESIGN §2). Stopped by {@link #close()} and, at the latest, when the JVM exits.
 */
public final class RegistryProcess implements AutoCloseable {

  /** Apicurio Registry 3.x is built for Java 21. */
  private static final int REQUIRED_JAVA = 21;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final ChildProcess process;
  private final int port;

  private RegistryProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the registry and waits until it answers.
   *
   * @param port HTTP port, or 0 for a free one
   * @param managementPort health/metrics port, or 0 for a free one
   * @param dataDir folder for an H2 file database kept across restarts, or null for in-memory
   * @param log file that receives the registry's output
   */
  public static RegistryProcess start(int port, int managementPort, Path dataDir, Path log) {
    Path jar = RegistryDistribution.runnableJar();
    Path java = JavaRuntimes.javaAtLeast(REQUIRED_JAVA);
    int httpPort = port == 0 ? FreePorts.next() : port;
    int mgmtPort = managementPort == 0 ? FreePorts.next() : managementPort;
    List<String> command = new ArrayList<>(List.of(
        java.toString(),
        "-Xms64m",
        "-Xmx512m",
        "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + httpPort,
        "-Dquarkus.management.host=127.0.0.1",
        "-Dquarkus.management.port=" + mgmtPort,
        "-Dquarkus.http.access-log.enabled=false",
        "-Dapicurio.rules.global.compatibility=BACKWARD"));
    if (dataDir != null) {
      command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
    }
    command.addAll(List.of("-jar", jar.toString()));
    RegistryProcess registry = new RegistryProcess(
        ChildProcess.start("apicurio-registry", command, Map.of(), log.toAbsolutePath()), httpPort);
    Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "stop-apicurio-registry"));
    registry.awaitReady();
    return registry;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Base of the v3 API, the serdes' {@code apicurio.registry.url}. */
  public String registryApiUrl() {
    return baseUrl() + "/apis/registry/v3";
  }

  /** Base of the Confluent-compatible API used by Confluent clients. */
  public String confluentApiUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create(registryApiUrl() + "/system/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with " + process.exitValue() + "; its output:\n" + tail());
      }
      try {
        if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry", e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException(
        "Apicurio Registry did not answer within " + READY_TIMEOUT + "; its output:\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(process.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output at " + process.log() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
