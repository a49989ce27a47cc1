package io.twofold.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * delivery-service as the image and the Kubernetes manifests run it (MANAGEMENT_SERVER_PORT set):
 * the paths the probes, the compose health check and the ServiceMonitor call answer on the
 * management port, and the API port serves none of them.
 */
@ServiceIntegrationTest(properties = "management.server.port=0")
@ActiveProfiles("local") // as compose runs it; providers do not touch the management port
class ManagementPortTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int apiPort;
  @LocalManagementPort int managementPort;

  @Test
  void probesAndMetricsAnswerOnTheManagementPortOnly() throws Exception {
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      assertThat(get(managementPort, probe, null).statusCode()).as(probe).isEqualTo(200);
      assertThat(get(apiPort, probe, null).statusCode()).as(probe).isIn(401, 404);
    }
    assertThat(get(managementPort, "/actuator/prometheus", TOKENS.metricsScraper("prometheus")).body())
        .contains("service=\"delivery-service\"");
    assertThat(get(managementPort, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(get(apiPort, "/actuator/prometheus", TOKENS.metricsScraper("prometheus")).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
