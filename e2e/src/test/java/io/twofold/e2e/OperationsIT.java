package io.twofold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.localstack.ServiceKind;
import io.twofold.testsupport.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What operators and integrators see of the running services: health groups for Kubernetes probes,
 * the Prometheus metrics of DESIGN §7 after real traffic, and each service's OpenAPI document and
 * Swagger UI.
 */
@ExtendWith(EndToEndStack.class)
class OperationsIT {

  private static Journeys journeys;
  private static String scraper;

  /** Real traffic first, so the counters exist: an email sign-in with one wrong code, then the right one. */
  @BeforeAll
  static void signInOnceWithEmail() {
    journeys = Journeys.of(EndToEndStack.get());
    scraper = journeys.tokens.metricsScraper("prometheus");
    var settings = journeys.policy.get("/api/v1/settings/system", journeys.admin).body();
    if (!settings.toString().contains("\"EMAIL\"")) {
      assertThat(journeys.policy.put("/api/v1/settings/system", journeys.admin, Map.of("version",
          settings.get("version").asLong(), "providers", List.of(Map.of("providerType", "EMAIL")))).status())
          .isEqualTo(200);
    }
    String user = "ops-" + UUID.randomUUID(), tenant = "t-" + UUID.randomUUID(), challenge = "c-" + UUID.randomUUID();
    String email = user + "@example.com";
    String enrollmentCode = journeys.enrollByCode(journeys.user(user, tenant, null), "EMAIL", email);
    journeys.startChallenge(challenge, user, tenant, null);
    String code = journeys.emailCodeSentTo(email, enrollmentCode);
    String wrong = code.equals("000000") ? "111111" : "000000";
    assertThat(journeys.verify(challenge, null, wrong)).isEqualTo("ATTEMPT_FAILED");
    assertThat(journeys.verify(challenge, null, code)).isEqualTo("VERIFIED");
  }

  private static ApiClient client(ServiceKind service) {
    return new ApiClient(EndToEndStack.get().stack().serviceUrl(service));
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void livenessAndReadinessGroupsAreOpenAndUp(ServiceKind service) {
    for (String group : List.of("liveness", "readiness")) {
      var health = client(service).get("/actuator/health/" + group, null);

      assertThat(health.status()).as(service + " " + group).isEqualTo(200);
      assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void readinessIncludesKafkaAndMongo(ServiceKind service) {
    var readiness = client(service).get("/actuator/health/readiness", null);

    assertThat(readiness.body().get("components").propertyNames()).contains("kafka", "mongo");
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void prometheusNeedsAToken(ServiceKind service) {
    assertThat(client(service).get("/actuator/prometheus", null).status()).isEqualTo(401);
  }

  @Test
  void challengeServiceCountsOutcomesByProviderAndReportsConsumerLag() {
    String metrics = client(ServiceKind.CHALLENGE).getText("/actuator/prometheus", scraper);

    assertThat(metrics)
        .containsPattern("twofold_challenge_events_total\\{[^}]*provider=\"EMAIL\"[^}]*state=\"VERIFIED\"[^}]*} [1-9]")
        .containsPattern("twofold_challenge_events_total\\{[^}]*provider=\"EMAIL\"[^}]*state=\"ATTEMPT_FAILED\"[^}]*} [1-9]")
        .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"consumer-challenge-service-");
  }

  @Test
  void deliveryServiceCountsSendsByChannelProviderAndStatusWithLatency() {
    String metrics = client(ServiceKind.DELIVERY).getText("/actuator/prometheus", scraper);

    assertThat(metrics)
        .containsPattern("twofold_delivery_deliveries_total\\{[^}]*channel=\"EMAIL\"[^}]*provider=\"sendgrid\"[^}]*status=\"SENT\"[^}]*} [1-9]")
        .containsPattern("twofold_delivery_send_latency_seconds_count\\{[^}]*channel=\"EMAIL\"[^}]*} [1-9]")
        .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"consumer-delivery-service-");
  }

  @Test
  void enrollmentServiceCountsFactorChangesAndActiveFactorsByType() {
    String metrics = client(ServiceKind.ENROLLMENT).getText("/actuator/prometheus", scraper);

    assertThat(metrics).containsPattern("twofold_enrollment_factor_changes_total\\{[^}]*type=\"EMAIL\"[^}]*} [1-9]");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(client(ServiceKind.ENROLLMENT).getText("/actuator/prometheus", scraper))
            .containsPattern("twofold_enrollment_active_factors\\{[^}]*type=\"EMAIL\"[^}]*} [1-9]"));
  }

  @Test
  void policyServiceCountsEvaluations() {
    String metrics = client(ServiceKind.POLICY).getText("/actuator/prometheus", scraper);

    assertThat(metrics).containsPattern("twofold_policy_evaluations_total\\{[^}]*} [1-9]");
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void everyServicePublishesItsOpenApiDocumentAndSwaggerUi(ServiceKind service) {
    var docs = client(service).get("/v3/api-docs", null);
    String expectedPath = switch (service) {
      case POLICY -> "/api/v1/settings/system";
      case ENROLLMENT -> "/api/v1/me/factors";
      case CHALLENGE -> "/api/v1/challenges";
      case DELIVERY -> "/api/v1/local/outbox";
    };

    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().get("openapi").asString()).startsWith("3.");
    assertThat(docs.body().get("paths").has(expectedPath)).as(service + " documents " + expectedPath).isTrue();
    assertThat(client(service).getText("/swagger-ui/index.html", null)).contains("swagger-ui");
  }
}
