package io.twofold.challenge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;

import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A sign-in whose challenge was stored but whose code was not (the database went away between the
 * two writes, or the instance died): the repeated request, or the Kafka retry of the same record,
 * sends the code it never sent, once. Without this the user waits for a code that never comes and
 * the login service's retries change nothing.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class FirstCodeAfterAFailureTest {

  private static final String LOGIN = Tokens.forTests().loginService("portal");

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, Object> kafka;
  @MockitoSpyBean ChallengeStore store;
  String user;
  String challengeId;

  @BeforeEach
  void setUp() {
    ChallengeStubs.policy();
    user = "user-" + UUID.randomUUID();
    challengeId = "ch-" + UUID.randomUUID();
    ChallengeStubs.factors(user);
  }

  /** The code's write fails once, as it does while the database is away; later writes go through. */
  private void codeWriteFailsOnce() {
    Mockito.doThrow(new DataAccessResourceFailureException("database away")).doCallRealMethod()
        .when(store).setCode(eq(challengeId), any(), any(), any(), any(), any(), any(), any());
  }

  private ApiClient.Response start() {
    return ApiClient.local(port).post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
        "tenantId", "tenant-1", "authority", "TENANT_ADMIN", "locale", "en"));
  }

  private long codeRequests() {
    return TopicProbe.readToEnd(consumer(), Topics.CODE_REQUESTS.name(),
        record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId())).size();
  }

  private static org.apache.kafka.clients.consumer.KafkaConsumer<String, Object> consumer() {
    return TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
  }

  @Test
  void theRepeatedHttpRequestSendsTheCodeTheFirstOneCouldNot() throws Exception {
    codeWriteFailsOnce();

    assertThat(start().status()).as("the first request met the database away").isGreaterThanOrEqualTo(500);
    ApiClient.Response again = start();

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().get("state").asString()).isEqualTo("ISSUED");
    assertThat(TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
        record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId()), 1)).hasSize(1);
    start(); // a third time: the code went out, so nothing more does
    Thread.sleep(500);
    assertThat(codeRequests()).isEqualTo(1);
  }

  @Test
  void theKafkaRetryOfTheSameRequestSendsTheCodeOnce() throws Exception {
    codeWriteFailsOnce();

    kafka.send(Topics.CHALLENGE_REQUESTS.name(), user, ChallengeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId("tenant-1").setProducer("portal").build())
        .setChallengeId(challengeId).setUserId(user).setAuthority(Authority.TENANT_ADMIN).build()).get();

    var sent = TopicProbe.await(consumer(), Topics.CHALLENGES.name(),
        record -> record.value() instanceof ChallengeEvent e && challengeId.equals(e.getChallengeId())
            && e.getState() == ChallengeState.CODE_SENT, 1);
    assertThat(sent).hasSize(1);
    Thread.sleep(500);
    assertThat(codeRequests()).isEqualTo(1);
  }
}
