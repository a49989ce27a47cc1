package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes rendered by {@code kubectl kustomize} (as {@code kubectl apply -k} would), then
 * checked for what a cluster needs and these machines cannot try: probes on the health groups,
 * resources, non-root containers, services that select pods, and a delivery deployment of its own.
 */
class KubernetesManifestsTest {

  private static final List<String> SERVICES =
      List.of("policy-service", "enrollment-service", "challenge-service", "delivery-service");

  private static List<Map<String, Object>> objects;

  @BeforeAll
  static void render() {
    objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(Tool.renderedProductionOverlay())) {
      if (document != null) {
        objects.add(map(document));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  private static Object at(Map<String, Object> object, String... path) {
    Object current = object;
    for (String key : path) {
      current = current == null ? null : map(current).get(key);
    }
    return current;
  }

  private static List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static String name(Map<String, Object> object) {
    return (String) at(object, "metadata", "name");
  }

  @Test
  void everyObjectHasApiVersionKindNameAndTheNamespace() {
    assertThat(objects).isNotEmpty();
    for (Map<String, Object> object : objects) {
      assertThat(object).containsKeys("apiVersion", "kind");
      assertThat(name(object)).isNotBlank();
      if (!"Namespace".equals(object.get("kind"))) {
        assertThat(at(object, "metadata", "namespace")).as(name(object)).isEqualTo("twofold");
      }
    }
  }

  @Test
  void eachServiceIsItsOwnDeploymentSoDeliveryScalesAlone() {
    assertThat(ofKind("Deployment").stream().map(KubernetesManifestsTest::name)).containsExactlyInAnyOrderElementsOf(SERVICES);
    var autoscaler = ofKind("HorizontalPodAutoscaler").stream().filter(h -> name(h).equals("delivery-service")).findFirst();

    assertThat(autoscaler).isPresent();
    assertThat(at(autoscaler.get(), "spec", "scaleTargetRef", "name")).isEqualTo("delivery-service");
    assertThat(at(autoscaler.get(), "spec", "maxReplicas")).isEqualTo(12);
  }

  @Test
  void everyContainerHasProbesOnTheHealthGroupsResourcesAndRunsAsNonRoot() {
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
      assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name(deployment)).isEqualTo(true);
      for (Object item : list(pod.get("containers"))) {
        Map<String, Object> container = map(item);
        String which = name(deployment) + "/" + container.get("name");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).as(which).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).as(which).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "startupProbe", "httpGet", "path")).as(which).isNotNull();
        assertThat(at(container, "resources", "requests", "cpu")).as(which).isNotNull();
        assertThat(at(container, "resources", "requests", "memory")).as(which).isNotNull();
        assertThat(at(container, "resources", "limits", "memory")).as(which).isNotNull();
        assertThat((String) container.get("image")).as(which).startsWith("registry.example.com/twofold/").endsWith(":0.1.0");
        assertThat(list(container.get("ports")).stream().map(p -> map(p).get("name"))).as(which).contains("http");
      }
    }
  }

  /**
   * The probes and the scraper use the management port the services are told to serve actuator on
   * (MANAGEMENT_SERVER_PORT; platform's ManagementPortTest starts a service that way and calls
   * both ports), and the API port carries no probe.
   */
  @Test
  void probesAndMetricsUseTheManagementPortTheServicesServe() {
    String managementPort = (String) at(config(), "data", "MANAGEMENT_SERVER_PORT");
    assertThat(managementPort).isNotNull().isNotEqualTo(at(config(), "data", "PORT"));
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Object item : list(at(deployment, "spec", "template", "spec", "containers"))) {
        Map<String, Object> container = map(item);
        String which = name(deployment) + "/" + container.get("name");
        assertThat(list(container.get("ports"))).as(which)
            .contains(Map.of("name", "management", "containerPort", Integer.parseInt(managementPort)));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          assertThat(at(container, probe, "httpGet", "port")).as(which + " " + probe).isEqualTo("management");
        }
      }
    }
    for (Map<String, Object> service : ofKind("Service")) {
      assertThat(list(at(service, "spec", "ports"))).as(name(service)).anySatisfy(port ->
          assertThat(map(port)).containsEntry("name", "management").containsEntry("targetPort", "management"));
    }
    Map<String, Object> endpoint = map(list(at(ofKind("ServiceMonitor").get(0), "spec", "endpoints")).get(0));
    assertThat(endpoint.get("port")).isEqualTo("management");
  }

  /** The alert rules select job="twofold" and a service label, which compose's scrape config sets. */
  @Test
  void theScrapedLabelsAreTheOnesTheAlertsSelect() throws Exception {
    String rules = java.nio.file.Files.readString(Tool.ROOT.resolve("deploy/prometheus/rules/twofold-alerts.yml"));
    var job = java.util.regex.Pattern.compile("up\\{job=\"([^\"]+)\"\\}").matcher(rules);
    assertThat(job.find()).as("the rules select a job").isTrue();
    Map<String, Object> endpoint = map(list(at(ofKind("ServiceMonitor").get(0), "spec", "endpoints")).get(0));
    List<Map<String, Object>> relabelings = list(endpoint.get("relabelings")).stream().map(KubernetesManifestsTest::map).toList();

    assertThat(relabelings).anySatisfy(rule -> assertThat(rule)
        .containsEntry("targetLabel", "job").containsEntry("replacement", job.group(1)));
    assertThat(relabelings).anySatisfy(rule -> assertThat(rule).containsEntry("targetLabel", "service")
        .containsEntry("sourceLabels", List.of("__meta_kubernetes_service_label_app_kubernetes_io_name")));
    for (Map<String, Object> service : ofKind("Service")) {
      assertThat((String) at(service, "metadata", "labels", "app.kubernetes.io/name")).as(name(service)).endsWith("-service");
    }
  }

  /** Three brokers: three copies, two in sync for an acknowledged record (KafkaBackboneTest: acks=all). */
  @Test
  void topicsAreCreatedForAThreeBrokerCluster() {
    Map<String, Object> data = map(at(config(), "data"));
    int replicas = Integer.parseInt((String) data.get("TWOFOLD_KAFKA_REPLICATION_FACTOR"));
    int inSync = Integer.parseInt((String) data.get("TWOFOLD_KAFKA_MIN_INSYNC_REPLICAS"));

    assertThat(replicas).isEqualTo(3);
    assertThat(inSync).isGreaterThan(1).isLessThan(replicas);
    // schemas: the services register them at start, the serializers do not (platform's default)
    assertThat(data).doesNotContainKey("TWOFOLD_KAFKA_SERIALIZER_REGISTERS_SCHEMAS");
  }

  private static Map<String, Object> config() {
    return ofKind("ConfigMap").stream().filter(c -> name(c).equals("twofold-config")).findFirst().orElseThrow();
  }

  /**
   * Measured under ./twofold load on 2026-12-01 with the image's flags (deploy/README "Memory"):
   * challenge-service, the largest, peaked at 402 MiB resident with 98 MiB of heap committed, so a
   * service holds about 304 MiB beside its heap (metaspace, code cache, threads, buffers, mapped jar).
   */
  private static final int PEAK_RESIDENT_MIB = 402;
  private static final int BESIDE_HEAP_MIB = 304;

  @Test
  void memoryLimitsHoldTheMeasuredPeakAndAFullHeapWithTheImagesFlags() throws Exception {
    String dockerfile = java.nio.file.Files.readString(Tool.ROOT.resolve("deploy/docker/Dockerfile"));
    var imageFlags = java.util.regex.Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"").matcher(dockerfile);
    assertThat(imageFlags.find()).isTrue();
    String flags = (String) at(config(), "data", "JAVA_TOOL_OPTIONS");
    assertThat(flags).as("the image's own JVM flags").isEqualTo(imageFlags.group(1));
    var percentage = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(flags);
    assertThat(percentage.find()).isTrue();
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Object item : list(at(deployment, "spec", "template", "spec", "containers"))) {
        Map<String, Object> container = map(item);
        String limit = (String) at(container, "resources", "limits", "memory");
        assertThat(limit).as(name(deployment)).endsWith("Mi");
        int limitMib = Integer.parseInt(limit.replace("Mi", ""));
        double heapMib = limitMib * Integer.parseInt(percentage.group(1)) / 100.0;
        assertThat(limitMib).as(name(deployment) + ": the measured peak and a quarter more")
            .isGreaterThanOrEqualTo((int) Math.ceil(PEAK_RESIDENT_MIB * 1.25));
        assertThat(heapMib + BESIDE_HEAP_MIB).as(name(deployment) + ": a full heap and what the JVM holds beside it")
            .isLessThanOrEqualTo(limitMib * 0.95);
        assertThat(at(container, "resources", "requests", "memory")).as(name(deployment) + ": requested as limited")
            .isEqualTo(limit);
      }
    }
  }

  /** The "restricted" Pod Security Standard, as the namespace enforces it. */
  @Test
  void everyPodMeetsTheRestrictedPodSecurityStandardWhichTheNamespaceEnforces() {
    Map<String, Object> namespace = ofKind("Namespace").get(0);
    assertThat(at(namespace, "metadata", "labels", "pod-security.kubernetes.io/enforce")).isEqualTo("restricted");
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
      assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name(deployment)).isEqualTo(true);
      assertThat(at(pod, "securityContext", "seccompProfile", "type")).as(name(deployment) + " seccomp")
          .isIn("RuntimeDefault", "Localhost");
      assertThat(pod).as(name(deployment)).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
      for (Object volume : pod.get("volumes") == null ? List.of() : list(pod.get("volumes"))) {
        assertThat(map(volume)).as(name(deployment) + " volume").doesNotContainKey("hostPath");
      }
      for (Object item : list(pod.get("containers"))) {
        Map<String, Object> container = map(item);
        String which = name(deployment) + "/" + container.get("name");
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).as(which).isEqualTo(false);
        assertThat(list(at(container, "securityContext", "capabilities", "drop"))).as(which).contains("ALL");
        assertThat(at(container, "securityContext", "capabilities", "add")).as(which).isNull();
        assertThat(at(container, "securityContext", "privileged")).as(which).isNotEqualTo(true);
      }
    }
  }

  @Test
  void deliveryCannotStartWithoutItsProvidersOrWithTheDefaultSender() {
    Map<String, Object> delivery = ofKind("Deployment").stream().filter(d -> name(d).equals("delivery-service"))
        .findFirst().orElseThrow();
    List<Map<String, Object>> env = list(at(map(list(at(delivery, "spec", "template", "spec", "containers")).get(0)),
        "env")).stream().map(KubernetesManifestsTest::map).toList();
    for (String provider : List.of("SENDGRID_API_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")) {
      Map<String, Object> variable = env.stream().filter(v -> provider.equals(v.get("name"))).findFirst().orElseThrow();
      assertThat(at(variable, "valueFrom", "secretKeyRef", "optional")).as(provider + " required").isNotEqualTo(true);
    }
    assertThat(env).as("the verified sender is wired").anyMatch(v -> "TWOFOLD_EMAIL_FROM".equals(v.get("name")));
  }

  @Test
  void deliveryNeverScalesBeyondThePartitionsItConsumes() {
    Map<String, Object> config = ofKind("ConfigMap").stream().filter(c -> name(c).equals("twofold-config"))
        .findFirst().orElseThrow();
    Object partitions = at(config, "data", "TWOFOLD_KAFKA_PARTITIONS_TWOFOLD_CODE_REQUESTS");
    int codeRequests = partitions == null ? 6 : Integer.parseInt((String) partitions); // 6: the topic catalogue's
    var autoscaler = ofKind("HorizontalPodAutoscaler").stream().filter(h -> name(h).equals("delivery-service"))
        .findFirst().orElseThrow();

    assertThat((Integer) at(autoscaler, "spec", "maxReplicas")).isLessThanOrEqualTo(codeRequests);
  }

  @Test
  void prometheusScrapesWithAMetricsTokenNotAnnotationsThatGet401() {
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      Object annotations = at(deployment, "spec", "template", "metadata", "annotations");
      assertThat(annotations == null ? Map.of() : map(annotations)).as(name(deployment))
          .doesNotContainKey("prometheus.io/scrape");
    }
    Map<String, Object> monitor = ofKind("ServiceMonitor").get(0);
    Map<String, Object> endpoint = map(list(at(monitor, "spec", "endpoints")).get(0));
    assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
    assertThat(at(endpoint, "authorization", "credentials", "name")).isEqualTo("twofold-metrics-token");
    assertThat(ofKind("Service")).allSatisfy(service -> assertThat(map(at(service, "metadata", "labels")))
        .containsAllEntriesOf(map(at(monitor, "spec", "selector", "matchLabels"))));
  }

  @Test
  void everyServiceSelectsTheLabelsOfADeployment() {
    for (Map<String, Object> service : ofKind("Service")) {
      Object selector = at(service, "spec", "selector");
      assertThat(ofKind("Deployment").stream()
          .map(d -> at(d, "spec", "template", "metadata", "labels"))
          .filter(Objects::nonNull)
          .anyMatch(labels -> map(labels).entrySet().containsAll(map(selector).entrySet())))
          .as("service " + name(service) + " selects " + selector).isTrue();
    }
    assertThat(ofKind("Service").stream().map(KubernetesManifestsTest::name))
        .contains("policy", "enrollment", "challenge", "delivery");
  }

  @Test
  void eachKeyReachesOnlyTheServicesThatUseIt() {
    Map<String, List<String>> expected = Map.of(
        "policy-service", List.of(),
        "enrollment-service", List.of("TWOFOLD_CODE_KEY", "TWOFOLD_TOTP_KEY", "TWOFOLD_BACKUP_CODE_PEPPER"),
        "challenge-service", List.of("TWOFOLD_CODE_KEY"),
        "delivery-service", List.of("TWOFOLD_CODE_KEY"));
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Object item : list(at(deployment, "spec", "template", "spec", "containers"))) {
        Map<String, Object> container = map(item);
        List<Object> envFrom = container.get("envFrom") == null ? List.of() : list(container.get("envFrom"));
        assertThat(envFrom).as(name(deployment) + ": no whole Secret as environment")
            .allMatch(source -> map(source).get("secretRef") == null);
        List<String> keys = list(container.get("env")).stream().map(KubernetesManifestsTest::map)
            .filter(variable -> at(variable, "valueFrom", "secretKeyRef") != null)
            .map(variable -> (String) variable.get("name"))
            .filter(variable -> variable.startsWith("TWOFOLD_") && !variable.equals("TWOFOLD_MONGO_URI")
                && !variable.startsWith("TWOFOLD_CLIENT_")).toList();
        assertThat(keys).as(name(deployment)).containsExactlyInAnyOrderElementsOf(expected.get(name(deployment)));
      }
    }
  }

  @Test
  void theServicesThatCallOthersHaveClientCredentialsOfTheirOwn() {
    for (String service : List.of("enrollment-service", "challenge-service")) {
      Map<String, Object> deployment = ofKind("Deployment").stream().filter(d -> name(d).equals(service)).findFirst()
          .orElseThrow();
      Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec", "containers")).get(0));
      List<String> secrets = list(container.get("env")).stream().map(KubernetesManifestsTest::map)
          .filter(variable -> ((String) variable.get("name")).startsWith("TWOFOLD_CLIENT_"))
          .map(variable -> (String) at(variable, "valueFrom", "secretKeyRef", "name")).distinct().toList();
      assertThat(secrets).as(service).containsExactly("twofold-" + service.replace("-service", "") + "-client");
    }
  }

  @Test
  void tokensAreCheckedForTheIssuerAndTheAudience() {
    Map<String, Object> config = ofKind("ConfigMap").stream().filter(c -> name(c).equals("twofold-config")).findFirst().orElseThrow();

    assertThat(at(config, "data", "TWOFOLD_JWT_AUDIENCE")).isEqualTo("twofold");
    assertThat((String) at(config, "data", "TWOFOLD_JWT_ISSUER")).startsWith("https://");
    assertThat((String) at(config, "data", "TWOFOLD_JWT_JWK_SET_URI")).startsWith("https://");
    assertThat((String) at(config, "data", "TWOFOLD_CLIENT_TOKEN_ENDPOINT")).startsWith("https://");
  }

  @Test
  void theServicesFindEachOtherByTheServiceNames() {
    Map<String, Object> config = ofKind("ConfigMap").stream().filter(c -> name(c).equals("twofold-config")).findFirst().orElseThrow();

    assertThat(at(config, "data", "TWOFOLD_POLICY_URL")).isEqualTo("http://policy:8080");
    assertThat(at(config, "data", "TWOFOLD_ENROLLMENT_URL")).isEqualTo("http://enrollment:8080");
  }
}
