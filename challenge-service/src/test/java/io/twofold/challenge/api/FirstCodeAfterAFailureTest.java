package io.twofold.challenge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;

import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.platform.limit.MongoRateLimiter;
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
 * A sign-in whose challenge, stored with its first code in one write, met the database away at that
 * write: the repeated request, or the Kafka retry of the same record, sends the code the first could
 * not, once (the failed attempt's send-period permit is not in its way). Without this the user waits
 * for a code that never comes and the login service's retries change nothing.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class FirstCodeAfterAFailureTest {

  private static final String LOGIN = Tokens.forTests().loginService("portal");

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, Object> kafka;
  @MockitoSpyBean ChallengeStore store;
  @MockitoSpyBean MongoRateLimiter limiter;
  String user;
  String challengeId;

  @BeforeEach
  void setUp() {
    ChallengeStubs.policy();
    user = "user-" + UUID.randomUUID();
    challengeId = "ch-" + UUID.randomUUID();
    ChallengeStubs.factors(user);
  }

  /** The challenge's write fails once, as it does while the database is away; later writes go through. */
  private void codeWriteFailsOnce() {
    Mockito.doThrow(new DataAccessResourceFailureException("database away")).doCallRealMethod()
        .when(store).insert(argThat(challenge -> challenge != null && challengeId.equals(challenge.challengeId())));
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

  /**
   * The challenge and its code were stored, and the database went away at the send period's permit
   * (as it would for an instance that died there): the stored code still goes out, through the
   * outbox's relay, once; the repeated request finds the challenge with its code and sends nothing.
   */
  @Test
  void aCodeStoredWithItsChallengeIsSentOnceEvenIfTheRequestFailedAfterwards() throws Exception {
    Mockito.doThrow(new DataAccessResourceFailureException("database away")).doCallRealMethod()
        .when(limiter).tryAcquire(argThat(key -> key != null && key.startsWith("send:" + user + ":")), any());

    assertThat(start().status()).as("the first request met the database away").isGreaterThanOrEqualTo(500);
    assertThat(TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
        record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId()), 1)).hasSize(1);
    ApiClient.Response again = start();

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().get("code").get("provider").asString()).isEqualTo("EMAIL");
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
