package io.twofold.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.support.PlatformTestApplication;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
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

  @LocalServerPort int publicPort;
  @LocalManagementPort int managementPort;

  @Test
  void theProbesAnswerOnTheManagementPortOnly() {
    ApiClient management = ApiClient.local(managementPort);
    ApiClient api = ApiClient.local(publicPort);
    assertThat(managementPort).isNotEqualTo(publicPort);
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      assertThat(management.get(probe, null).status()).as(probe).isEqualTo(200);
      assertThat(api.get(probe, null).status()).as(probe).isIn(401, 404);
    }
    assertThat(api.get("/actuator/health", null).status()).isIn(401, 404);
  }

  @Test
  void metricsOnTheManagementPortNeedTheMetricsScope() {
    ApiClient management = ApiClient.local(managementPort);
    ApiClient api = ApiClient.local(publicPort);
    assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(401);
    assertThat(management.get("/actuator/prometheus", TOKENS.internalService("s")).status()).isEqualTo(403);
    assertThat(management.get("/actuator/prometheus", TOKENS.sysAdmin("root")).status()).isEqualTo(403);
    assertThat(api.get("/probe/me", TOKENS.sysAdmin("root")).status()).isEqualTo(200);
    ApiClient.Response scraped = management.get("/actuator/prometheus", TOKENS.metricsScraper("p"));
    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.raw().body()).contains("jvm_memory_used_bytes");
    // the dashboards' p99 is histogram_quantile over these buckets
    assertThat(scraped.raw().body()).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/probe/me\"");
    assertThat(api.get("/actuator/prometheus", TOKENS.metricsScraper("p")).status()).isEqualTo(404);
  }
}
