package io.twofold.challenge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.twofold.challenge.api.ChallengeStubs.LOCKOUT_AT_5;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The attacks of the trust-model review (issue 13) on challenge-service: a challenge id reused for
 * another user or by another login client, attempts counted without a comparison, codes still going
 * to a phone the user removed, and administrators of no tenant or another tenant at the lockout
 * endpoint.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class ChallengeTrustModelTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private static final String PORTAL = TOKENS.loginService("portal");
  private static final String OTHER_PORTAL = TOKENS.loginService("other-portal");
  private static final CodeSealer SEALER = new CodeSealer(
      KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, Object> kafka;
  @Autowired MongoTemplate mongo;
  ApiClient api;
  String user;
  String challengeId;

  @BeforeEach
  void setUp() {
    ChallengeStubs.policy();
    api = ApiClient.local(port);
    user = "user-" + UUID.randomUUID();
    challengeId = "ch-" + UUID.randomUUID();
    ChallengeStubs.factors(user);
  }

  private Response start(String token, String userId, String tenant, String authority) {
    return api.post("/api/v1/challenges", token, Map.of("challengeId", challengeId, "userId", userId,
        "tenantId", tenant, "authority", authority, "userEmail", "jane@example.com"));
  }

  private Response start(String tenant) {
    return start(PORTAL, user, tenant, "TENANT_ADMIN");
  }

  private Response verify(Map<String, String> body) {
    return api.post("/api/v1/challenges/" + challengeId + "/verifications", PORTAL, body);
  }

  private Response requestCode(String provider) {
    return api.post("/api/v1/challenges/" + challengeId + "/code-requests", PORTAL, Map.of("provider", provider));
  }

  private List<String> sentCodes(String channel, int count) {
    return TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
            record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId())
                && r.getChannel().name().equals(channel), count)
        .stream().map(record -> (CodeRequest) record.value())
        .map(request -> SEALER.open(request.getEncryptedCode(), request.getRequestId())).toList();
  }

  private static KafkaConsumer<String, Object> consumer() {
    return TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
  }

  private static EventMetadata metadata(String producer) {
    return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setTenantId("tenant-1").setProducer(producer).build();
  }

  private void userRemoved(String factorId, ProviderType type) throws Exception {
    kafka.send(Topics.FACTORS.name(), user, FactorEvent.newBuilder().setMetadata(metadata("enrollment-service"))
        .setUserId(user).setChange(FactorChange.REMOVED).setFactorId(factorId).setFactorType(type).build()).get();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/api/v1/challenges/" + challengeId, PORTAL).body().get("providers").valueStream()
            .noneMatch(p -> p.get("type").asString().equals(type.name())));
  }

  @Nested
  class ChallengeIds {

    @Test
    void aRepeatedIdForAnotherUserIsAConflictNeverTheFirstUsersOutcome() {
      ChallengeStubs.noFactors(user);
      assertThat(start("tenant-1").body().get("state").asString()).isEqualTo("NOT_REQUIRED");
      String victim = "victim-" + UUID.randomUUID();
      ChallengeStubs.factors(victim);

      Response otherUser = start(PORTAL, victim, "tenant-1", "TENANT_ADMIN");
      Response otherTenant = start(PORTAL, user, "tenant-2", "TENANT_ADMIN");
      Response otherAuthority = start(PORTAL, user, "tenant-1", "CUSTOMER_USER");

      for (Response conflict : List.of(otherUser, otherTenant, otherAuthority)) {
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.problem()).isEqualTo("challenge-id-conflict");
        assertThat(conflict.body().toString()).doesNotContain("NOT_REQUIRED");
      }
    }

    @Test
    void viewsAndResultsNameTheUser() {
      Response started = start("tenant-1");
      String code = sentCodes("EMAIL", 1).get(0);

      assertThat(started.body().get("userId").asString()).isEqualTo(user);
      assertThat(api.get("/api/v1/challenges/" + challengeId, PORTAL).body().get("userId").asString()).isEqualTo(user);
      Response verified = verify(Map.of("code", code));
      assertThat(verified.body().get("result").asString()).isEqualTo("VERIFIED");
      assertThat(verified.body().get("userId").asString()).isEqualTo(user);
      assertThat(verified.body().get("challengeId").asString()).isEqualTo(challengeId);
    }

    @Test
    void anotherLoginClientCanNeitherSeeNorUseNorReuseAChallenge() {
      start("tenant-1");
      String code = sentCodes("EMAIL", 1).get(0);
      String path = "/api/v1/challenges/" + challengeId;

      assertThat(api.get(path, OTHER_PORTAL).status()).isEqualTo(404);
      assertThat(api.post(path + "/code-requests", OTHER_PORTAL, Map.of("provider", "SMS")).status()).isEqualTo(404);
      assertThat(api.post(path + "/verifications", OTHER_PORTAL, Map.of("code", code)).status()).isEqualTo(404);
      Response reuse = start(OTHER_PORTAL, user, "tenant-1", "TENANT_ADMIN");
      assertThat(reuse.status()).isEqualTo(409);
      assertThat(reuse.problem()).isEqualTo("challenge-id-conflict");

      assertThat(verify(Map.of("code", code)).body().get("result").asString()).isEqualTo("VERIFIED");
    }

    @Test
    void aConflictingRequestOnKafkaIsRejectedWithItsReason() throws Exception {
      ChallengeStubs.noFactors(user);
      assertThat(start("tenant-1").body().get("state").asString()).isEqualTo("NOT_REQUIRED");
      String victim = "victim-" + UUID.randomUUID();
      ChallengeStubs.factors(victim);

      kafka.send(Topics.CHALLENGE_REQUESTS.name(), victim, ChallengeRequest.newBuilder().setMetadata(metadata("portal"))
          .setChallengeId(challengeId).setUserId(victim).setAuthority(Authority.TENANT_ADMIN).build()).get();

      ChallengeEvent rejected = (ChallengeEvent) TopicProbe.awaitOne(consumer(), Topics.CHALLENGES.name(),
          record -> record.value() instanceof ChallengeEvent e && challengeId.equals(e.getChallengeId())
              && e.getUserId().equals(victim)).value();
      assertThat(rejected.getState()).isEqualTo(ChallengeState.REJECTED);
      assertThat(rejected.getReason()).isEqualTo("challenge-id-conflict");
      assertThat(rejected.getAvailableProviders()).isEmpty();
      assertThat(api.get("/api/v1/challenges/" + challengeId, PORTAL).body().get("userId").asString()).isEqualTo(user);
    }
  }

  @Nested
  class AttemptBudget {

    @Test
    void anUnreachableEnrollmentCostsNoAttempt() {
      var down = TwofoldInfrastructure.get().wireMock().stubFor(post(urlEqualTo("/enrollment/internal/v1/users/" + user
          + "/totp-verifications")).atPriority(0).willReturn(aResponse().withStatus(503)));
      start(LOCKOUT_AT_5);
      assertThat(requestCode("TOTP").status()).isEqualTo(202);

      for (int i = 0; i < 8; i++) {
        assertThat(verify(Map.of("code", "135790")).status()).isEqualTo(503);
      }
      TwofoldInfrastructure.get().wireMock().removeStub(down); // enrollment is back

      Response wrong = verify(Map.of("code", "135790"));
      assertThat(wrong.body().get("result").asString()).isEqualTo("ATTEMPT_FAILED");
      assertThat(wrong.body().get("attemptsLeft").asInt()).isEqualTo(4);
    }

    @Test
    void aMalformedCodeIsRefusedBeforeItIsCounted() {
      start(LOCKOUT_AT_5);

      Response shortBackupCode = verify(Map.of("provider", "BACKUP_CODE", "code", "abc123"));
      Response lettersForTotp = verify(Map.of("provider", "TOTP", "code", "abcdef"));

      assertThat(shortBackupCode.status()).isEqualTo(400);
      assertThat(shortBackupCode.errorFields()).containsExactly("code");
      assertThat(lettersForTotp.status()).isEqualTo(400);
      Response wrong = verify(Map.of("code", "000000".equals(sentCodes("EMAIL", 1).get(0)) ? "111111" : "000000"));
      assertThat(wrong.body().get("attemptsLeft").asInt()).isEqualTo(4);
    }

    @Test
    void aCodeThatCannotBeOpenedCostsNoAttemptAndANewOneCanBeSent() throws Exception {
      start(LOCKOUT_AT_5);
      String code = sentCodes("EMAIL", 1).get(0);
      mongo.updateFirst(new Query(Criteria.where("_id").is(challengeId)), new Update().set("codeKeyId", "retired-key"),
          "challenges");

      for (int i = 0; i < 6; i++) {
        Response unavailable = verify(Map.of("code", code));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.problem()).isEqualTo("code-unavailable");
      }
      Thread.sleep(5_100); // the send period
      assertThat(requestCode("EMAIL").status()).isEqualTo(202);
      String fresh = sentCodes("EMAIL", 2).get(1);
      assertThat(verify(Map.of("code", fresh)).body().get("result").asString()).isEqualTo("VERIFIED");
    }
  }

  @Nested
  class RemovedFactors {

    @Test
    void aPhoneRemovedDuringTheChallengeGetsNoMoreCodes() throws Exception {
      start("tenant-1");
      sentCodes("EMAIL", 1);

      userRemoved("f-sms", ProviderType.SMS);

      Response resend = requestCode("SMS");
      assertThat(resend.status()).isEqualTo(400);
      assertThat(resend.problem()).isEqualTo("provider-not-available");
    }

    @Test
    void aCodeAlreadySentToARemovedPhoneNoLongerVerifies() throws Exception {
      start("tenant-1");
      assertThat(requestCode("SMS").status()).isEqualTo(202);
      String smsCode = sentCodes("SMS", 1).get(0);

      userRemoved("f-sms", ProviderType.SMS);

      Response verified = verify(Map.of("provider", "SMS", "code", smsCode));
      assertThat(verified.status()).isEqualTo(400);
      assertThat(verified.problem()).isEqualTo("provider-not-available");
    }

    @Test
    void aSendChecksTheFactorIsStillThereEvenBeforeTheEventArrives() {
      start("tenant-1");
      TwofoldInfrastructure.get().wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
          urlPathEqualTo("/enrollment/internal/v1/users/" + user + "/factors")).willReturn(aResponse()
          .withHeader("Content-Type", "application/json").withBody("""
              {"factors":[{"id":"f-email","type":"EMAIL","label":"Email","isDefault":true,
                "destination":"jane@example.com","maskedDestination":"j***@example.com"}],"backupCodesLeft":3}""")));

      Response toRemovedPhone = requestCode("SMS");

      assertThat(toRemovedPhone.status()).isEqualTo(400);
      assertThat(toRemovedPhone.problem()).isEqualTo("provider-not-available");
      assertThat(TopicProbe.readToEnd(consumer(), Topics.CODE_REQUESTS.name(), record ->
          record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId())
              && r.getChannel().name().equals("SMS"))).isEmpty();
    }
  }

  @Nested
  class Lockouts {

    private void locked(String userId, String tenant) {
      mongo.insert(new Document("_id", userId).append("tenantId", tenant).append("reason", "max-verification-failures")
          .append("failures", 30).append("lockedAt", java.util.Date.from(Instant.now())), "challenge_lockouts");
    }

    /**
     * The lock is kept in the guard document every check updates (issue 16): it binds the user's
     * other running challenges, even one issued under a higher failure limit, in which the failures
     * counted so far are not enough to refuse a check.
     */
    @Test
    void aLockBindsTheUsersOtherChallengesWhateverTheirFailureLimit() {
      String generous = challengeId;
      start("tenant-1"); // 30 failures before lockout
      challengeId = "ch-" + UUID.randomUUID();
      start(LOCKOUT_AT_5);
      for (int i = 1; i <= 5; i++) {
        verify(Map.of("provider", "TOTP", "code", "135790"));
      }
      assertThat(api.get("/api/v1/challenges/" + challengeId, PORTAL).body().get("state").asString())
          .isEqualTo("LOCKED_OUT");

      challengeId = generous;
      Response rightCode = verify(Map.of("provider", "TOTP", "code", "246810"));

      assertThat(rightCode.body().get("result").asString()).isEqualTo("LOCKED_OUT");
    }

    /**
     * A lock stored before the guard document carried locks (an older version's) is copied into the
     * guard at start, so it binds a challenge whose failure limit is above the failures counted.
     */
    @Test
    void aLockOfAnOlderVersionStillBindsAfterTheStart(@Autowired io.twofold.challenge.store.LockoutStore store) {
      start("tenant-1"); // 30 failures before lockout
      locked(user, "tenant-1"); // as an older version left it: the lock, and 5 failures counted
      mongo.insert(new Document("_id", user).append("count", 5), "challenge_attempts");

      store.afterSingletonsInstantiated(); // what a new instance does at start
      Response rightCode = verify(Map.of("provider", "TOTP", "code", "246810"));

      assertThat(rightCode.body().get("result").asString()).isEqualTo("LOCKED_OUT");
    }

    @Test
    void anAdministratorOfNoTenantCannotUnlockASystemAdministrator() {
      locked(user, null);
      String emptyTenant = TOKENS.subject("mallory").tenant("").authority("TENANT_ADMIN").mint();
      String enrollOnlyRoot = TOKENS.subject("mallory").authority("SYS_ADMIN").scope(Tokens.ENROLL).mint();

      assertThat(api.delete("/api/v1/lockouts/" + user, emptyTenant).status()).isEqualTo(403);
      assertThat(api.delete("/api/v1/lockouts/" + user, enrollOnlyRoot).status()).isEqualTo(403);
      assertThat(api.delete("/api/v1/lockouts/" + user, TOKENS.sysAdmin("root")).status()).isEqualTo(204);
    }

    @Test
    void anotherTenantsAdministratorCannotTellWhetherAUserIsLocked() {
      locked(user, "tenant-1");
      String notLocked = "free-" + UUID.randomUUID();
      String outsider = TOKENS.tenantAdmin("mallory", "tenant-2");

      Response lockedUser = api.delete("/api/v1/lockouts/" + user, outsider);
      Response freeUser = api.delete("/api/v1/lockouts/" + notLocked, outsider);

      assertThat(lockedUser.status()).isEqualTo(404);
      assertThat(freeUser.status()).isEqualTo(404);
      assertThat(lockedUser.body().get("detail").asString().replace(user, "X"))
          .isEqualTo(freeUser.body().get("detail").asString().replace(notLocked, "X"));
      assertThat(api.delete("/api/v1/lockouts/" + user, TOKENS.tenantAdmin("boss", "tenant-1")).status()).isEqualTo(204);
    }
  }
}
