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
  void kafkaRunsInKraftModeWithoutAutoCreatedTopics() {
    Map<String, Object> environment = map(map(services.get("kafka")).get("environment"));

    assertThat((String) environment.get("KAFKA_PROCESS_ROLES")).contains("broker", "controller");
    assertThat(environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
  }
}
