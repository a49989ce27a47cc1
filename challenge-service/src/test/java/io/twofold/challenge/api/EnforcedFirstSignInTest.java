package io.twofold.challenge.api;

import static io.twofold.challenge.api.ChallengeStubs.ENFORCED;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * An enforced user without a factor signs in: ENROLLMENT_REQUIRED, enrolls, and the confirmation
 * that names this sign-in's challenge completes it (VERIFIED) — no second code, no new challenge.
 * A factor confirmed by anyone else, or without naming the challenge, completes nothing: a
 * sign-in an attacker started with the password must not be completed by the user's enrollment.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class EnforcedFirstSignInTest {

  private static final String LOGIN = Tokens.forTests().loginService("portal");

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, Object> kafka;
  ApiClient api;
  String user;
  String challengeId;

  @BeforeEach
  void anEnforcedUserWithoutFactors() {
    ChallengeStubs.policy();
    api = ApiClient.local(port);
    user = "user-" + UUID.randomUUID();
    challengeId = "ch-" + UUID.randomUUID();
    ChallengeStubs.noFactors(user);
  }

  private ApiClient.Response start() {
    return api.post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
        "tenantId", ENFORCED, "authority", "TENANT_ADMIN"));
  }

  private void confirmed(String whose, String tenant, String namedChallenge) throws Exception {
    // keyed by this test's user whoever the event names, so all of them share one partition, in order
    kafka.send(Topics.FACTORS.name(), user, FactorEvent.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId(tenant).setProducer("enrollment-service").build())
        .setUserId(whose).setChange(FactorChange.CONFIRMED).setFactorId("f-" + UUID.randomUUID())
        .setFactorType(ProviderType.TOTP).setChallengeId(namedChallenge).build()).get();
  }

  private String state() {
    return api.get("/api/v1/challenges/" + challengeId, LOGIN).body().get("state").asString();
  }

  @Test
  void theConfirmationNamingTheChallengeCompletesTheSignIn() throws Exception {
    var required = start().body();
    assertThat(required.get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");
    assertThat(Instant.parse(required.get("expiresAt").asString())).isAfter(Instant.now().plusSeconds(3000));
    assertThat(api.post("/api/v1/challenges/" + challengeId + "/verifications", LOGIN, Map.of("code", "123456"))
        .problem()).isEqualTo("enrollment-required");

    confirmed(user, ENFORCED, challengeId);

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "VERIFIED".equals(state()));
    var verified = api.get("/api/v1/challenges/" + challengeId, LOGIN).body();
    assertThat(verified.get("reason").asString()).isEqualTo("enrolled");
    assertThat(verified.get("currentProvider").asString()).isEqualTo("TOTP");
    ChallengeEvent event = (ChallengeEvent) TopicProbe.awaitOne(
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl())),
        Topics.CHALLENGES.name(), record -> record.value() instanceof ChallengeEvent e
            && e.getChallengeId().equals(challengeId) && e.getState() == ChallengeState.VERIFIED).value();
    assertThat(event.getReason()).isEqualTo("enrolled");
    assertThat(event.getUserId()).isEqualTo(user);
  }

  @Test
  void anotherUsersConfirmationOrOneNamingNoChallengeCompletesNothing() throws Exception {
    assertThat(start().body().get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");

    confirmed("someone-else", ENFORCED, challengeId);
    confirmed(user, "another-tenant", challengeId);
    confirmed(user, ENFORCED, null);
    String marker = "ch-" + UUID.randomUUID();
    String mine = challengeId;
    challengeId = marker;
    assertThat(start().body().get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");
    confirmed(user, ENFORCED, marker); // after the three above on the same partition: once it is handled, so were they

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "VERIFIED".equals(state()));
    challengeId = mine;
    assertThat(state()).isEqualTo("ENROLLMENT_REQUIRED");
  }
}
