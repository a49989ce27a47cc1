package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read as Compose reads it (YAML with anchors and merge keys). These machines
 * have no Docker engine, so this is as far as it can be checked here: every part of the suite is
 * there, health-checked, started in dependency order, and the four services come from one Dockerfile.
 */
class ComposeFileTest {

  private static Map<String, Object> services;
  private static Map<String, Object> compose;

  @BeforeAll
  static void read() throws IOException {
    compose = new Yaml().load(Files.readString(Tool.ROOT.resolve("docker-compose.yml")));
    services = map(compose.get("services"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void runsTheWholeSuite() {
    assertThat(services).containsKeys("kafka", "registry", "mongo", "policy", "enrollment", "challenge", "delivery",
        "prometheus", "grafana");
  }

  @Test
  void everyLongRunningContainerHasAHealthCheck() {
    services.forEach((name, service) -> {
      if (!name.equals("secrets")) {
        assertThat(map(service).get("healthcheck")).as(name).isNotNull();
        assertThat(map(map(service).get("healthcheck")).get("test")).as(name).isNotNull();
      }
    });
  }

  @Test
  void theFourServicesAreBuiltFromOneDockerfileThatExists() {
    for (String name : List.of("policy", "enrollment", "challenge", "delivery")) {
      Map<String, Object> build = map(map(services.get(name)).get("build"));
      assertThat(build.get("dockerfile")).isEqualTo("deploy/docker/Dockerfile");
      String module = (String) map(build.get("args")).get("SERVICE");
      assertThat(module).isEqualTo(name + "-service");
      assertThat(Tool.ROOT.resolve(module).resolve("pom.xml")).exists();
    }
    assertThat(Tool.ROOT.resolve("deploy/docker/Dockerfile")).exists();
  }

  @Test
  void servicesStartAfterHealthyInfrastructureAndFindEachOther() {
    for (String name : List.of("policy", "enrollment", "challenge", "delivery")) {
      Map<String, Object> service = map(services.get(name));
      Map<String, Object> dependsOn = map(service.get("depends_on"));
      assertThat(dependsOn).containsKeys("kafka", "registry", "mongo", "secrets");
      assertThat(map(dependsOn.get("kafka")).get("condition")).isEqualTo("service_healthy");
      Map<String, Object> environment = map(service.get("environment"));
      assertThat(environment.get("TWOFOLD_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
      assertThat(environment.get("TWOFOLD_POLICY_URL")).isEqualTo("http://policy:8080");
      assertThat((String) environment.get("TWOFOLD_MONGO_URI")).startsWith("mongodb://mongo:27017/twofold_" + name);
    }
  }

  @Test
  void everyDependencyAndVolumeIsDeclared() {
    services.forEach((name, service) -> {
      Object dependsOn = map(service).get("depends_on");
      if (dependsOn != null) {
        assertThat(services).as(name + " depends on").containsKeys(map(dependsOn).keySet().toArray(String[]::new));
      }
      Object volumes = map(service).get("volumes");
      if (volumes != null) {
        for (Object volume : (List<?>) volumes) {
          String source = volume.toString().split(":")[0];
          if (source.startsWith("./")) {
            assertThat(Tool.ROOT.resolve(source)).as(name + " mounts " + source).exists();
          } else {
            assertThat(map(compose.get("volumes"))).as(name + " mounts volume " + source).containsKey(source);
          }
        }
      }
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachServiceMountsOnlyItsOwnKeysAndRequiresTheAudience() {
    for (String name : List.of("policy", "enrollment", "challenge", "delivery")) {
      Map<String, Object> service = map(services.get(name));
      assertThat((List<Object>) service.get("volumes")).as(name).containsExactly((Object) "secrets-" + name + ":/run/twofold:ro");
      assertThat(map(service.get("environment")).get("TWOFOLD_JWT_AUDIENCE")).as(name).isEqualTo("twofold");
    }
    assertThat((List<Object>) map(services.get("prometheus")).get("volumes"))
        .contains((Object) "secrets-prometheus:/etc/prometheus/secrets:ro").noneMatch(v -> v.toString().startsWith("secrets:"));
  }

  @Test
  void composeItselfAcceptsTheFile() {
    // Debian's docker-compose validates against the Compose schema without an engine: a misspelt
    // key, a wrong type or an undefined volume fails here.
    var result = Tool.run(Tool.ROOT, "docker-compose", "-f", "docker-compose.yml", "config", "-q");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** The services serve actuator on MANAGEMENT_SERVER_PORT only (platform's ManagementPortTest). */
  @Test
  void servicesAreHealthCheckedAndScrapedOnTheirManagementPort() throws Exception {
    String prometheus = java.nio.file.Files.readString(Tool.ROOT.resolve("deploy/prometheus/prometheus.yml"));
    for (String name : List.of("policy", "enrollment", "challenge", "delivery")) {
      Map<String, Object> environment = map(map(services.get(name)).get("environment"));
      String port = (String) environment.get("MANAGEMENT_SERVER_PORT");
      assertThat(port).as(name).isNotNull().isNotEqualTo(environment.get("PORT"));
      assertThat(String.join(" ", healthCheck(name))).as(name)
          .contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
      assertThat(prometheus).as(name).contains("\"" + name + ":" + port + "\"").doesNotContain("\"" + name + ":8080\"");
    }
  }

  @Test
  void theRegistryIsHealthCheckedOnItsManagementPort() {
    String check = String.join(" ", healthCheck("registry"));

    // RegistryFactsTest pins the port and path to the registry's own configuration.
    assertThat(check).contains("http://127.0.0.1:" + RegistryFactsTest.MANAGEMENT_PORT + RegistryFactsTest.READY_PATH)
        .doesNotContain(":8080/");
  }

  @Test
  void kafkaKeepsItsDataInItsVolume() {
    Map<String, Object> kafka = map(services.get("kafka"));
    String logDirs = (String) map(kafka.get("environment")).get("KAFKA_LOG_DIRS");

    // Unset, the apache/kafka image writes to /tmp/kraft-combined-logs (its configureDefaults), and
    // recreating the container loses every topic, offset and schema.
    assertThat(logDirs).as("KAFKA_LOG_DIRS").isNotBlank();
    assertThat((List<Object>) kafka.get("volumes")).contains((Object) ("kafka:" + logDirs));
  }

  @Test
  void upDownloadsNothing() {
    services.forEach((name, service) -> {
      String runs = String.valueOf(map(service).get("entrypoint")) + " " + map(service).get("command");
      assertThat(runs).as(name + " installs nothing when it starts")
          .doesNotContain("apk ").doesNotContain("apt-get").doesNotContain("pip ").doesNotContain("wget http");
    });
  }

  @Test
  void thePrometheusTokenIsMintedAgainBeforeItExpires() throws IOException {
    Map<String, Object> refresher = map(services.get("prometheus-token"));
    String loop = String.join(" ", (List<String>) refresher.get("entrypoint"));
    java.util.regex.Matcher sleep = java.util.regex.Pattern.compile("sleep (\\d+)").matcher(loop);
    java.util.regex.Matcher hours = java.util.regex.Pattern.compile("TWOFOLD_PROMETHEUS_TOKEN_HOURS:-(\\d+)")
        .matcher(Files.readString(Tool.ROOT.resolve("deploy/docker/compose-secrets.sh")));

    assertThat(loop).contains("compose-secrets.sh --token-only");
    assertThat(refresher.get("restart")).isEqualTo("unless-stopped");
    assertThat(sleep.find() && hours.find()).isTrue();
    assertThat(Long.parseLong(sleep.group(1))).as("seconds between two tokens")
        .isLessThan(Long.parseLong(hours.group(1)) * 3600 / 2);
  }

  @Test
  void theBuildContextLeavesOutHistoryBuildOutputAndLocalKeys() throws IOException {
    List<String> ignored = Files.readAllLines(Tool.ROOT.resolve(".dockerignore")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

    assertThat(ignored).contains(".git", "**/target", ".local-stack");
  }

  @SuppressWarnings("unchecked")
  private static List<String> healthCheck(String service) {
    return (List<String>) map(map(services.get(service)).get("healthcheck")).get("test");
  }

  @Test
  void kafkaRunsInKraftModeWithoutAutoCreatedTopics() {
    Map<String, Object> environment = map(map(services.get("kafka")).get("environment"));

    assertThat((String) environment.get("KAFKA_PROCESS_ROLES")).contains("broker", "controller");
    assertThat(environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
  }
}
