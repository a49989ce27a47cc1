package io.twofold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Twofold service must do once started on the real infrastructure: report UP with its
 * Kafka and Mongo checks, keep everything but health behind a bearer token, and serve metrics to
 * an authenticated scraper. A service's test extends this and adds {@link ServiceIntegrationTest}.
 */
public abstract class ServiceStartupContract {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort protected int port;

  @Test
  void startsAndReportsHealthyWithKafkaAndMongoChecks() throws Exception {
    HttpResponse<String> response = get("/actuator/health", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode health = JSON.readTree(response.body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void exposesLivenessAndReadinessProbes() throws Exception {
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsNeedTheMetricsScopeAndThenServePrometheusText() throws Exception {
    assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);

    HttpResponse<String> scraped = get("/actuator/prometheus", Tokens.forTests().metricsScraper("prometheus"));
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void noOtherCredentialReadsMetricsOrInfoAndTheMetricsCredentialReadsNothingElse() throws Exception {
    Tokens tokens = Tokens.forTests();
    for (String other : java.util.List.of(tokens.internalService("challenge-service"), tokens.sysAdmin("root"),
        tokens.customerUser("u", "t", "c"), tokens.loginService("portal"))) {
      assertThat(get("/actuator/prometheus", other).statusCode()).isEqualTo(403);
      assertThat(get("/actuator/info", other).statusCode()).isEqualTo(403);
    }
    String scraper = tokens.metricsScraper("prometheus");
    assertThat(get("/internal/v1/users/u/factors", scraper).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/me/factors", scraper).statusCode()).isIn(403, 404);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
