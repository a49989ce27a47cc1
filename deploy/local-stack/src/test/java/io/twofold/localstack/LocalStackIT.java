package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the real local stack, as {@code ./twofold local} does, from the jars this build just
 * packaged: real Kafka node, registry, Mongo wire server on H2 and the four services. Runs in the
 * integration-test phase (after package) on free ports, so it never collides with a running stack.
 */
class LocalStackIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalStack stack;
  private static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "local-stack-it");
    StackPorts ports = StackPorts.free();
    stack = LocalStack.start(Path.of("../..").toAbsolutePath().normalize(), dataDir, ports);
  }

  /**
   * The README's walkthrough blocks, as written, against this stack: only the service ports are
   * changed to this stack's, and {@code ./twofold} reads this stack's keys.
   */
  @ParameterizedTest
  @ValueSource(strings = {"totp", "email"})
  void readmeWalkthroughSignsInAsItSays(String walkthrough) throws Exception {
    Path root = Path.of("../..").toAbsolutePath().normalize();
    String readme = Files.readString(root.resolve("README.md"));
    String script = "set -uo pipefail\n" + ReadmeBlocks.block(readme, "setup") + "\n" + ReadmeBlocks.block(readme, walkthrough);
    for (ServiceKind service : ServiceKind.values()) {
      script = script.replace("http://127.0.0.1:" + StackPorts.defaults().portOf(service), stack.serviceUrl(service));
    }
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(root.toFile()).redirectErrorStream(true);
    bash.environment().put("TWOFOLD_LOCAL_DATA", dataDir.toAbsolutePath().toString());

    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    process.waitFor();

    assertThat(output).as(output).contains("\"state\":\"ACTIVE\"").contains("\"result\":\"VERIFIED\"");
    assertThat(output).as("no error answers").doesNotContain("\"status\":4", "\"status\":5");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void everyServiceAnswersHealthUp(ServiceKind service) throws Exception {
    HttpResponse<String> health = get(stack.serviceUrl(service) + "/actuator/health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void tokensMintedFromTheStackKeysAreAccepted() throws Exception {
    String token = Main.mint(stack.secrets(), java.util.List.of("--sub", "ops", "--scope", Tokens.METRICS));
    String internal = Main.mint(stack.secrets(), java.util.List.of("--sub", "ops", "--scope", Tokens.INTERNAL));
    String otherAudience = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC)).subject("ops")
        .scope(Tokens.METRICS).audience("payroll").mint();

    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", token).statusCode()).isEqualTo(200);
    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", internal).statusCode()).isEqualTo(403);
    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", otherAudience).statusCode())
        .isEqualTo(401);
  }

  @Test
  void registryServesTheConfluentApi() throws Exception {
    assertThat(get(stack.registryUrl() + "/apis/ccompat/v7/subjects", null).statusCode()).isEqualTo(200);
  }

  @Test
  void keysAndDataLiveInTheDataFolder() {
    assertThat(dataDir.resolve("secrets.properties")).exists();
    assertThat(dataDir.resolve("mongo.mv")).exists();
    assertThat(dataDir.resolve("kafka").resolve("meta.properties")).exists();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
