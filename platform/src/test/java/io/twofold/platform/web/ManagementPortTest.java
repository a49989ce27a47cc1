package io.twofold.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.support.PlatformTestApplication;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The deployments' shape (MANAGEMENT_SERVER_PORT in the image and the Kubernetes config): probes and
 * metrics on a port of their own, which no public Service or ingress exposes, and none of the
 * actuator on the public port, where anyone could make each request ping Kafka and Mongo. The
 * management port keeps the same token rules.
 */
@ServiceIntegrationTest(classes = PlatformTestApplication.class, properties = "management.server.port=0")
class ManagementPortTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int publicPort;
  @LocalManagementPort int managementPort;

  @Test
  void theProbesAnswerOnTheManagementPortOnly() throws Exception {
    assertThat(managementPort).isNotEqualTo(publicPort);
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      assertThat(get(managementPort, probe, null).statusCode()).as(probe).isEqualTo(200);
      assertThat(get(publicPort, probe, null).statusCode()).as(probe).isIn(401, 404);
    }
    assertThat(get(publicPort, "/actuator/health", null).statusCode()).isIn(401, 404);
  }

  @Test
  void metricsOnTheManagementPortNeedTheMetricsScope() throws Exception {
    assertThat(get(managementPort, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(get(managementPort, "/actuator/prometheus", TOKENS.internalService("s")).statusCode()).isEqualTo(403);
    assertThat(get(managementPort, "/actuator/prometheus", TOKENS.sysAdmin("root")).statusCode()).isEqualTo(403);
    assertThat(get(publicPort, "/probe/me", TOKENS.sysAdmin("root")).statusCode()).isEqualTo(200);
    HttpResponse<String> scraped = get(managementPort, "/actuator/prometheus", TOKENS.metricsScraper("p"));
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    // the dashboards' p99 is histogram_quantile over these buckets
    assertThat(scraped.body()).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/probe/me\"");
    assertThat(get(publicPort, "/actuator/prometheus", TOKENS.metricsScraper("p")).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
