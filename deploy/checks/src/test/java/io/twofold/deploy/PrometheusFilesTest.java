package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/prometheus as Prometheus itself reads it: promtool checks the config and rules, and runs the rules' unit tests. */
class PrometheusFilesTest {

  private static final Path PROMETHEUS = Tool.ROOT.resolve("deploy/prometheus");

  private static List<String> files(String folder) throws IOException {
    try (Stream<Path> files = Files.list(PROMETHEUS.resolve(folder))) {
      return files.map(file -> folder + "/" + file.getFileName()).sorted().toList();
    }
  }

  @Test
  void promtoolAcceptsTheScrapeConfig() {
    var check = Tool.run(PROMETHEUS, "promtool", "check", "config", "prometheus.yml");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void promtoolAcceptsTheAlertRules() throws IOException {
    var check = Tool.run(PROMETHEUS, Tool.with(List.of("promtool", "check", "rules"), files("rules")));

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 8 rules found");
  }

  @Test
  void alertRulesFireOnTheirUnitTestSeries() throws IOException {
    var test = Tool.run(PROMETHEUS, Tool.with(List.of("promtool", "test", "rules"), files("tests")));

    assertThat(test.exitCode()).as(test.output()).isZero();
  }

  @Test
  void everyTwofoldServiceIsScrapedWithABearerToken() throws IOException {
    String config = Files.readString(PROMETHEUS.resolve("prometheus.yml"));

    assertThat(config).contains("credentials_file: secrets/prometheus.token", "metrics_path: /actuator/prometheus");
    // on the services' management port (ComposeFileTest matches it to MANAGEMENT_SERVER_PORT)
    for (String service : List.of("policy", "enrollment", "challenge", "delivery")) {
      assertThat(config).contains("\"" + service + ":9000\"");
    }
  }
}
