package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The rendered production overlay read into Kubernetes' own object model (fabric8's, generated from
 * the API's OpenAPI schema) with unknown fields refused: a misspelt or misplaced key, which the API
 * server would drop or reject, fails here; so does a value of the wrong type or an API version and
 * kind this model does not know.
 */
class KubernetesModelTest {

  /** apiVersion/kind → its model; anything else in the output is refused. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/Namespace", Namespace.class,
      "v1/ConfigMap", ConfigMap.class,
      "v1/Service", Service.class,
      "apps/v1/Deployment", Deployment.class,
      "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<HasMetadata> read(String rendered) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(rendered)) {
      if (document == null) {
        continue;
      }
      Map<?, ?> raw = (Map<?, ?>) document;
      String type = raw.get("apiVersion") + "/" + raw.get("kind");
      assertThat(KINDS).as("a kind the cluster's API knows").containsKey(type);
      HasMetadata object = JSON.convertValue(raw, KINDS.get(type));
      List<String> unknown = new ArrayList<>();
      unknownFields(object, type + " " + object.getMetadata().getName(), unknown);
      assertThat(unknown).as("fields the API does not have").isEmpty();
      objects.add(object);
    }
    return objects;
  }

  /** Every key the model did not recognise lands in an object's additionalProperties. */
  static void unknownFields(Object value, String path, List<String> unknown) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?>) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + index++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> entries) {
      entries.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object property;
      try {
        property = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) property).keySet().forEach(key -> unknown.add(path + "." + key));
      } else {
        unknownFields(property, path + "." + decapitalize(getter.getName().substring(3)), unknown);
      }
    }
  }

  private static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  @Test
  void everyRenderedObjectIsAValidObjectOfItsKindWithNoUnknownField() {
    List<HasMetadata> objects = read(Tool.renderedProductionOverlay());

    assertThat(objects).extracting(HasMetadata::getKind)
        .contains("Namespace", "ConfigMap", "Service", "Deployment", "HorizontalPodAutoscaler", "ServiceMonitor");
    List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    assertThat(deployments).hasSize(4).allSatisfy(deployment ->
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile().getType())
            .isEqualTo("RuntimeDefault"));
  }

  @Test
  void aMisspeltFieldIsCaught() {
    String misspelt = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              securityContext: {seccompProfil: {type: RuntimeDefault}}
              containers:
                - name: c
                  image: i
                  readinessProbes: {httpGet: {path: /, port: management}}
        """;

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> read(misspelt)))
        .hasMessageContaining("spec.template.spec.securityContext.seccompProfil")
        .hasMessageContaining("containers[0].readinessProbes");
  }

  @Test
  void aKindTheApiDoesNotServeIsCaught() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> read("""
        apiVersion: autoscaling/v2beta1
        kind: HorizontalPodAutoscaler
        metadata: {name: h}
        """))).hasMessageContaining("autoscaling/v2beta1/HorizontalPodAutoscaler");
  }
}
