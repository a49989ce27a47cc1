package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Dashboards and alerts name only metrics the services register: a renamed meter, or a typo in a
 * query, would leave a panel empty and an alert silent without anyone noticing.
 */
class MetricNamesTest {

  private static final Pattern METER = Pattern.compile(
      "(counter|timer|Counter\\.builder|Timer\\.builder|Gauge\\.builder)\\(\\s*\"(twofold\\.[a-z.]+)\"");
  private static final Pattern QUERIED = Pattern.compile("\\btwofold_[a-z_]+");
  private static final List<String> SUFFIXES = List.of("_total", "_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max", "_seconds", "");

  private static Set<String> registered;

  @BeforeAll
  static void scanTheCode() throws IOException {
    registered = registered();
  }

  /** Prometheus names of the meters registered in the services' and platform's main code. */
  static Set<String> registered() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String module : List.of("platform", "policy-service", "enrollment-service", "challenge-service", "delivery-service")) {
      try (Stream<Path> files = Files.walk(Tool.ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher meter = METER.matcher(Files.readString(file));
          while (meter.find()) {
            names.add(meter.group(2).replace('.', '_'));
          }
        }
      }
    }
    return names;
  }

  static boolean known(String queried, Set<String> registered) {
    return SUFFIXES.stream().anyMatch(suffix -> queried.endsWith(suffix)
        && registered.contains(queried.substring(0, queried.length() - suffix.length())));
  }

  private static List<String> unknown(String text, Set<String> registered) {
    List<String> unknown = new ArrayList<>();
    Matcher name = QUERIED.matcher(text);
    while (name.find()) {
      if (!known(name.group(), registered)) {
        unknown.add(name.group());
      }
    }
    return unknown;
  }

  @Test
  void theScanFindsTheMetricsOfDesignSection7() {
    assertThat(registered).contains("twofold_challenge_events", "twofold_challenge_lockouts",
        "twofold_delivery_deliveries", "twofold_delivery_send_latency", "twofold_enrollment_factor_changes",
        "twofold_enrollment_active_factors", "twofold_kafka_dead_letters", "twofold_policy_evaluations");
  }

  @Test
  void aMisspeltMetricIsCaught() {
    assertThat(unknown("rate(twofold_delivery_deliverys_total[5m])", registered))
        .containsExactly("twofold_delivery_deliverys_total");
  }

  @Test
  void alertRulesQueryOnlyRegisteredMetrics() throws IOException {
    try (Stream<Path> rules = Files.list(Tool.ROOT.resolve("deploy/prometheus/rules"))) {
      for (Path file : rules.toList()) {
        assertThat(unknown(Files.readString(file), registered)).as(file.toString()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"challenges", "deliveries", "enrollment"})
  void dashboardPanelsQueryOnlyRegisteredMetrics(String dashboard) throws IOException {
    JsonNode json = ApiClient.json(Files.readString(Tool.ROOT.resolve("deploy/grafana/dashboards/" + dashboard + ".json")));

    assertThat(json.get("uid").asString()).isEqualTo("twofold-" + dashboard);
    assertThat(json.get("panels").size()).isPositive();
    for (JsonNode panel : json.get("panels")) {
      assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("twofold-prometheus");
      for (JsonNode target : panel.get("targets")) {
        assertThat(unknown(target.get("expr").asString(), registered)).as(panel.get("title").asString()).isEmpty();
      }
    }
  }

  /**
   * A percentile is a quantile over histogram buckets (the platform enables them for HTTP and
   * Twofold's timers); a {@code _max} is one instance's slowest request in the last minutes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"challenges", "deliveries", "enrollment"})
  void percentilePanelsAreQuantilesOfHistogramsNotMaxima(String dashboard) throws IOException {
    JsonNode json = ApiClient.json(Files.readString(Tool.ROOT.resolve("deploy/grafana/dashboards/" + dashboard + ".json")));

    for (JsonNode panel : json.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asString();
        String legend = target.has("legendFormat") ? target.get("legendFormat").asString() : "";
        if (panel.get("title").asString().contains("p99") || legend.startsWith("p99")) {
          assertThat(expr).as(panel.get("title").asString()).matches("histogram_quantile\\(0\\.99, .*_seconds_bucket.*");
        }
        assertThat(expr).as(panel.get("title").asString()).doesNotContain("_seconds_max");
      }
    }
  }
}
