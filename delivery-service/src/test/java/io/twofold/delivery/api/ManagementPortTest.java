package io.twofold.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
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

  @LocalServerPort int apiPort;
  @LocalManagementPort int managementPort;

  @Test
  void probesAndMetricsAnswerOnTheManagementPortOnly() {
    ApiClient management = ApiClient.local(managementPort);
    ApiClient api = ApiClient.local(apiPort);
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      assertThat(management.get(probe, null).status()).as(probe).isEqualTo(200);
      assertThat(api.get(probe, null).status()).as(probe).isIn(401, 404);
    }
    assertThat(management.getText("/actuator/prometheus", TOKENS.metricsScraper("prometheus")))
        .contains("service=\"delivery-service\"");
    assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(401);
    assertThat(api.get("/actuator/prometheus", TOKENS.metricsScraper("prometheus")).status()).isEqualTo(404);
  }
}
