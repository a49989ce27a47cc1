package io.twofold.challenge.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sign-in requests over Kafka when something challenge-service needs is away (DESIGN §6: faults are
 * not poison): retried until the request's deadline, then answered REJECTED with the cause; never
 * dead-lettered.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class ChallengeRequestFaultsTest {

  private static final String POLICY = "/policy/api/v1/policy/evaluations";
  private static final String POLICY_ANSWER = """
      {"scope":"system","enforced":false,"reason":"NOT_ENFORCED",
       "providers":[{"providerType":"TOTP","issuerName":"Acme"}],"minVerificationCodeSendPeriod":30,
       "verificationCodeCheckRateLimit":"3:900","maxVerificationFailuresBeforeUserLockout":30,
       "totalAllowedTimeForVerification":3600,"systemVersion":1,"tenantVersion":0}""";

  @Autowired KafkaTemplate<String, Object> kafka;

  private static String userWithAnAuthenticator() {
    String user = "user-" + UUID.randomUUID();
    TwofoldInfrastructure.get().wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
        urlPathEqualTo("/enrollment/internal/v1/users/" + user + "/factors")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("""
            {"factors":[{"id":"f-totp","type":"TOTP","label":"App","isDefault":true}],"backupCodesLeft":0}""")));
    return user;
  }

  private void request(String challengeId, String user, String tenant, Instant occurredAt) throws Exception {
    kafka.send(Topics.CHALLENGE_REQUESTS.name(), user, ChallengeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(occurredAt)
            .setTenantId(tenant).setProducer("portal").build())
        .setChallengeId(challengeId).setUserId(user).setAuthority(Authority.TENANT_ADMIN).build()).get();
  }

  private static ChallengeEvent outcome(String challengeId) {
    return (ChallengeEvent) TopicProbe.awaitOne(
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl())),
        Topics.CHALLENGES.name(),
        record -> record.value() instanceof ChallengeEvent e && e.getChallengeId().equals(challengeId)).value();
  }

  @Test
  void aPolicyServiceBrieflyAwayIsWaitedForNotAnsweredRejected() throws Exception {
    String tenant = "flaky-" + UUID.randomUUID();
    var wireMock = TwofoldInfrastructure.get().wireMock();
    String scenario = "policy restarting " + tenant;
    wireMock.stubFor(post(urlEqualTo(POLICY)).atPriority(1).withRequestBody(containing(tenant))
        .inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("still down")
        .willReturn(aResponse().withStatus(503)));
    wireMock.stubFor(post(urlEqualTo(POLICY)).atPriority(1).withRequestBody(containing(tenant))
        .inScenario(scenario).whenScenarioStateIs("still down").willSetStateTo("up")
        .willReturn(aResponse().withStatus(503)));
    wireMock.stubFor(post(urlEqualTo(POLICY)).atPriority(1).withRequestBody(containing(tenant))
        .inScenario(scenario).whenScenarioStateIs("up")
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(POLICY_ANSWER)));
    String challengeId = "ch-" + UUID.randomUUID();

    request(challengeId, userWithAnAuthenticator(), tenant, Instant.now());

    assertThat(outcome(challengeId).getState()).isEqualTo(ChallengeState.ISSUED);
  }

  @Test
  void aRequestPastItsDeadlineIsAnsweredRejectedWithTheCause() throws Exception {
    String tenant = "down-" + UUID.randomUUID();
    TwofoldInfrastructure.get().wireMock().stubFor(post(urlEqualTo(POLICY)).atPriority(1)
        .withRequestBody(containing(tenant)).willReturn(aResponse().withStatus(503)));
    String challengeId = "ch-" + UUID.randomUUID();

    request(challengeId, userWithAnAuthenticator(), tenant, Instant.now().minus(Duration.ofMinutes(2)));

    ChallengeEvent rejected = outcome(challengeId);
    assertThat(rejected.getState()).isEqualTo(ChallengeState.REJECTED);
    assertThat(rejected.getReason()).isEqualTo("policy-unavailable");
  }
}
