package io.twofold.challenge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.twofold.challenge.api.ChallengeStubs.ENFORCED;
import static io.twofold.challenge.api.ChallengeStubs.LOCKOUT_AT_5;
import static io.twofold.challenge.api.ChallengeStubs.POLICY_DOWN;
import static io.twofold.challenge.api.ChallengeStubs.SHORT_CODES;
import static io.twofold.challenge.api.ChallengeStubs.SHORT_LIVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.schemas.challenge.LockoutState;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.Parallel;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class ChallengeTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private static final String LOGIN = TOKENS.loginService("portal");
  private static final CodeSealer SEALER = new CodeSealer(
      KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, Object> kafka;
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

  private Response start(String tenant) {
    return api.post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
        "tenantId", tenant, "authority", "TENANT_ADMIN", "userEmail", "jane@example.com", "locale", "en"));
  }

  private Response verify(String code) {
    return api.post("/api/v1/challenges/" + challengeId + "/verifications", LOGIN, Map.of("code", code));
  }

  /** The login codes sent for this challenge, opened with the test code key. */
  private List<String> sentCodes(int count) {
    return TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
            record -> record.value() instanceof CodeRequest request && challengeId.equals(request.getChallengeId()), count)
        .stream().map(record -> (CodeRequest) record.value())
        .map(request -> SEALER.open(request.getEncryptedCode(), request.getRequestId())).toList();
  }

  private List<ChallengeEvent> challengeEvents(ChallengeState until) {
    List<ChallengeEvent> seen = new java.util.ArrayList<>();
    TopicProbe.await(consumer(), Topics.CHALLENGES.name(), record -> {
      if (record.value() instanceof ChallengeEvent event && event.getChallengeId().equals(challengeId)) {
        seen.add(event);
        return event.getState() == until;
      }
      return false;
    }, 1);
    return seen;
  }

  private static KafkaConsumer<String, Object> consumer() {
    return TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
  }

  @Test
  void requestFromANonJavaClientIsIssuedSentAndVerified() throws Exception {
    // As a login service in another language does: register the schema through the Confluent API,
    // then write magic byte 0, the 4-byte id and Avro binary built from the registry's schema.
    var registry = TwofoldInfrastructure.get().registry().confluentApiUrl();
    String subject = Topics.CHALLENGE_REQUESTS.name() + "-value";
    JsonMapper json = JsonMapper.builder().build();
    HttpClient http = HttpClient.newHttpClient();
    String schemaText = io.twofold.schemas.challenge.ChallengeRequest.getClassSchema().toString();
    HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(registry + "/subjects/" + subject + "/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("schema", schemaText)))).build(),
        HttpResponse.BodyHandlers.ofString());
    int id = json.readTree(registered.body()).get("id").asInt();
    JsonNode byId = json.readTree(http.send(HttpRequest.newBuilder(URI.create(registry + "/schemas/ids/" + id)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    Schema schema = new Schema.Parser().parse(byId.get("schema").asString());

    GenericRecord metadata = new GenericData.Record(schema.getField("metadata").schema());
    metadata.put("eventId", UUID.randomUUID().toString());
    metadata.put("occurredAt", Instant.now().toEpochMilli());
    metadata.put("tenantId", "tenant-1");
    metadata.put("producer", "portal"); // the login client: the same one that reads the outcome over HTTP
    GenericRecord request = new GenericData.Record(schema);
    request.put("metadata", metadata);
    request.put("challengeId", challengeId);
    request.put("userId", user);
    request.put("authority", new GenericData.EnumSymbol(schema.getField("authority").schema(), "TENANT_ADMIN"));
    request.put("userEmail", "jane@example.com");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(request, encoder);
    encoder.flush();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TwofoldInfrastructure.get().kafkaBootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>(Topics.CHALLENGE_REQUESTS.name(), user, out.toByteArray())).get();
    }

    List<ChallengeEvent> issued = challengeEvents(ChallengeState.CODE_SENT);
    assertThat(issued.get(0).getState()).isEqualTo(ChallengeState.ISSUED);
    assertThat(issued.get(0).getDefaultProvider().name()).isEqualTo("EMAIL");
    assertThat(issued.get(0).getAvailableProviders()).extracting(p -> p.getMaskedDestination())
        .contains("j***@example.com", "+38******12");
    String code = sentCodes(1).get(0);
    assertThat(code).matches("\\d{6}");

    assertThat(verify(code).body().get("result").asString()).isEqualTo("VERIFIED");
    assertThat(challengeEvents(ChallengeState.VERIFIED)).last().extracting(ChallengeEvent::getState)
        .isEqualTo(ChallengeState.VERIFIED);
  }

  @Nested
  class Limits {

    @Test
    void hundredParallelWrongCodesCompareExactlyThreeAndGet429ForTheRest() throws Exception {
      start("tenant-1");
      String actual = sentCodes(1).get(0);
      String wrong = actual.equals("111111") ? "222222" : "111111";

      List<Integer> statuses = Parallel.run(100, () -> verify(wrong).status());

      assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
      assertThat(statuses).filteredOn(s -> s == 429).hasSize(97);
    }

    @Test
    void rightCodesDoNotUseUpTheCheckLimitWrongOnesStillDo() {
      // check limit 3:900: four sign-ins with the app in a row all verify ...
      for (int signIn = 0; signIn < 4; signIn++) {
        challengeId = "ch-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
            "tenantId", "tenant-1", "authority", "TENANT_ADMIN", "requestedProvider", "TOTP")).status()).isEqualTo(201);
        assertThat(verify("246810").body().get("result").asString()).isEqualTo("VERIFIED");
      }
      // ... and guesses are still counted: three compared, the fourth refused
      challengeId = "ch-" + UUID.randomUUID();
      api.post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
          "tenantId", "tenant-1", "authority", "TENANT_ADMIN", "requestedProvider", "TOTP"));
      for (int guess = 0; guess < 3; guess++) {
        assertThat(verify("135790").body().get("result").asString()).isEqualTo("ATTEMPT_FAILED");
      }
      assertThat(verify("135790").status()).isEqualTo(429);
      assertThat(verify("246810").status()).isEqualTo(429);
    }

    @Test
    void lockoutAfterFiveFailuresThenEvenTheRightCodeIsRefused() throws Exception {
      start(LOCKOUT_AT_5);
      String actual = sentCodes(1).get(0);
      String wrong = actual.equals("111111") ? "222222" : "111111";

      List<String> results = Parallel.run(100, () -> {
        Response response = verify(wrong);
        return response.status() == 200 ? response.body().get("result").asString() : response.status() + " " + response.body();
      });
      assertThat(results).allMatch(r -> r.equals("ATTEMPT_FAILED") || r.equals("LOCKED_OUT"));

      assertThat(results).filteredOn("ATTEMPT_FAILED"::equals).hasSize(4);
      assertThat(results).filteredOn("LOCKED_OUT"::equals).hasSize(96);
      assertThat(verify(actual).body().get("result").asString()).isEqualTo("LOCKED_OUT");
      LockoutEvent locked = (LockoutEvent) TopicProbe.awaitOne(consumer(), Topics.LOCKOUTS.name(),
          record -> record.value() instanceof LockoutEvent e && e.getUserId().equals(user)).value();
      assertThat(locked.getState()).isEqualTo(LockoutState.LOCKED);
      assertThat(locked.getFailures()).isEqualTo(5);

      // a new sign-in while locked is LOCKED_OUT too, until an administrator unlocks
      challengeId = "ch-" + UUID.randomUUID();
      assertThat(start(LOCKOUT_AT_5).body().get("state").asString()).isEqualTo("LOCKED_OUT");
      assertThat(api.delete("/api/v1/lockouts/" + user, LOGIN).status()).isEqualTo(403);
      assertThat(api.delete("/api/v1/lockouts/" + user, TOKENS.tenantAdmin("boss", LOCKOUT_AT_5)).status()).isEqualTo(204);
      challengeId = "ch-" + UUID.randomUUID();
      assertThat(start(LOCKOUT_AT_5).body().get("state").asString()).isEqualTo("ISSUED");
    }

    @Test
    void twoParallelCorrectSubmissionsVerifyExactlyOnce() throws Exception {
      start("tenant-1");
      String code = sentCodes(1).get(0);

      List<Response> responses = Parallel.run(2, () -> verify(code));

      assertThat(responses).filteredOn(r -> r.status() == 200 && "VERIFIED".equals(r.body().get("result").asString()))
          .hasSize(1);
      assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(1);
    }

    @Test
    void resendWithinTheSendPeriodIs429AndAfterItSendsTheSameCode() throws Exception {
      start("tenant-1");
      String path = "/api/v1/challenges/" + challengeId + "/code-requests";
      Response tooSoon = api.post(path, LOGIN, Map.of("provider", "EMAIL"));
      assertThat(tooSoon.status()).isEqualTo(429);
      assertThat(tooSoon.header("Retry-After")).isNotNull();

      Thread.sleep(5_100);
      assertThat(api.post(path, LOGIN, Map.of("provider", "EMAIL")).status()).isEqualTo(202);

      List<String> codes = sentCodes(2);
      assertThat(codes.get(1)).isEqualTo(codes.get(0));
    }
  }

  /** A user with several factors of one type (an old and a new phone). */
  @Nested
  class SeveralFactorsOfOneType {

    private List<CodeRequest> codeRequests(int count) {
      return TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
              record -> record.value() instanceof CodeRequest request && challengeId.equals(request.getChallengeId()), count)
          .stream().map(record -> (CodeRequest) record.value()).toList();
    }

    @Test
    void eachFactorIsOfferedAndTheDefaultOneGetsTheCode() throws Exception {
      ChallengeStubs.twoPhones(user);

      JsonNode issued = start("tenant-1").body();

      assertThat(issued.get("currentProvider").asString()).isEqualTo("SMS");
      assertThat(issued.get("currentFactorId").asString()).isEqualTo("f-new-phone");
      assertThat(issued.get("providers").valueStream().map(p -> p.get("factorId").asString() + " "
          + p.get("label").asString() + " " + p.get("maskedDestination").asString()))
          .containsExactly("f-new-phone New phone +38******22", "f-old-phone Old phone +38******11",
              "f-email Email j***@example.com");
      assertThat(codeRequests(1).get(0).getDestination()).isEqualTo("+380502222222");
    }

    @Test
    void tryAnotherWayNamesAFactorAndThatPhoneGetsACodeOfItsOwn() throws Exception {
      ChallengeStubs.twoPhones(user);
      start("tenant-1");
      Thread.sleep(5_100); // the send period

      Response switched = api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN,
          Map.of("provider", "SMS", "factorId", "f-old-phone"));

      assertThat(switched.status()).isEqualTo(202);
      assertThat(switched.body().get("currentFactorId").asString()).isEqualTo("f-old-phone");
      List<CodeRequest> requests = codeRequests(2);
      assertThat(requests.get(1).getDestination()).isEqualTo("+380501111111");
      List<String> codes = requests.stream()
          .map(request -> SEALER.open(request.getEncryptedCode(), request.getRequestId())).toList();
      assertThat(codes.get(1)).as("another phone, another code").isNotEqualTo(codes.get(0));
      assertThat(verify(codes.get(1)).body().get("result").asString()).isEqualTo("VERIFIED");
    }

    @Test
    void aFactorOfAnotherTypeOrAnotherUserIsNotAWay() {
      ChallengeStubs.twoPhones(user);
      start("tenant-1");

      Response wrongType = api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN,
          Map.of("provider", "SMS", "factorId", "f-email"));
      Response unknown = api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN,
          Map.of("provider", "SMS", "factorId", "f-someone-elses"));

      assertThat(wrongType.status()).isEqualTo(400);
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.problem()).isEqualTo("provider-not-available");
    }
  }

  /** What a login page needs to tell "no code yet", "expired" and "wrong" apart. */
  @Nested
  class WhatThePageShows {

    @Test
    void aSignInRestartedWithinTheSendPeriodSaysNoCodeWasSentAndWhenOneMayBeAskedFor() throws Exception {
      JsonNode first = start("tenant-1").body();
      String firstCode = sentCodes(1).get(0);
      String firstChallenge = challengeId;
      challengeId = "ch-" + UUID.randomUUID();

      JsonNode restarted = start("tenant-1").body();

      assertThat(first.get("code").get("provider").asString()).isEqualTo("EMAIL");
      Instant requested = Instant.parse(first.get("code").get("requestedAt").asString());
      assertThat(Instant.parse(first.get("nextCodeAt").asString())).isEqualTo(requested.plusSeconds(5));
      assertThat(restarted.get("state").asString()).isEqualTo("ISSUED");
      assertThat(restarted.has("code")).as("no code for the restarted sign-in").isFalse();
      Instant next = Instant.parse(restarted.get("nextCodeAt").asString());
      assertThat(next).isAfter(Instant.now()).isBeforeOrEqualTo(requested.plusSeconds(6));

      // The earlier email's code, typed into the new sign-in: said so, and nothing counted.
      Response typedAnyway = verify(firstCode);
      assertThat(typedAnyway.status()).isEqualTo(409);
      assertThat(typedAnyway.problem()).isEqualTo("no-code-sent");
      challengeId = firstChallenge;
      String wrong = firstCode.equals("111111") ? "222222" : "111111";
      assertThat(verify(wrong).body().get("attemptsLeft").asInt()).as("the 409 counted nothing").isEqualTo(29);
    }

    /**
     * Issue 16: enrollment counts a user's backup codes (a database round trip) only for a sign-in
     * whose policy offers them.
     */
    @Test
    void backupCodesAreAskedForOnlyWhereThePolicyOffersThem() {
      JsonNode without = start(ChallengeStubs.NO_BACKUP_CODES).body();
      assertThat(without.get("providers").valueStream().map(p -> p.get("type").asString()))
          .containsExactly("EMAIL", "SMS", "TOTP");
      challengeId = "ch-" + UUID.randomUUID();
      JsonNode with = start("tenant-1").body();
      assertThat(with.get("providers").valueStream().map(p -> p.get("type").asString()))
          .containsExactly("EMAIL", "SMS", "TOTP", "BACKUP_CODE");

      String factors = "/enrollment/internal/v1/users/" + user + "/factors";
      TwofoldInfrastructure.get().wireMock().verify(1, getRequestedFor(urlPathEqualTo(factors))
          .withQueryParam("backupCodes", equalTo("false")));
      TwofoldInfrastructure.get().wireMock().verify(1, getRequestedFor(urlPathEqualTo(factors))
          .withQueryParam("backupCodes", equalTo("true")));
    }

    /** Issue 18: a phone of a country the SMS allow-list does not name is no way to answer. */
    @Test
    void aPhoneOfACountryTheSettingsDoNotListIsNotOfferedAndGetsNoCode() {
      JsonNode issued = start(ChallengeStubs.PL_ONLY_SMS).body();

      assertThat(issued.get("providers").valueStream().map(p -> p.get("type").asString()))
          .containsExactly("EMAIL", "TOTP", "BACKUP_CODE");
      Response refused = api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN,
          Map.of("provider", "SMS"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.problem()).isEqualTo("provider-not-available");
    }

    @Test
    void anExpiredCodeSaysSoAndCountsNothing() throws Exception {
      start(SHORT_CODES);
      String code = sentCodes(1).get(0);
      Thread.sleep(1_200);

      JsonNode expired = verify(code).body();
      assertThat(expired.get("result").asString()).isEqualTo("CODE_EXPIRED");
      assertThat(expired.has("nextCodeAt")).isTrue();
      assertThat(verify("000000").body().get("result").asString()).as("nothing is compared").isEqualTo("CODE_EXPIRED");

      Thread.sleep(Math.max(0, Instant.parse(expired.get("nextCodeAt").asString()).toEpochMilli()
          - System.currentTimeMillis() + 100));
      assertThat(api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN, Map.of("provider", "EMAIL"))
          .status()).isEqualTo(202);
      String fresh = sentCodes(2).get(1);
      assertThat(fresh).as("an expired code is replaced, not resent").isNotEqualTo(code);
      String wrong = fresh.equals("111111") ? "222222" : "111111";
      assertThat(verify(wrong).body().get("attemptsLeft").asInt()).as("the expired answers counted nothing")
          .isEqualTo(29);
    }
  }

  @Nested
  class Outcomes {

    @Test
    void duplicateRequestCreatesNothingNewAndSendsNoSecondCode() throws Exception {
      start("tenant-1");
      Response again = start("tenant-1");

      assertThat(again.status()).isEqualTo(201);
      assertThat(again.body().get("state").asString()).isEqualTo("ISSUED");
      Thread.sleep(500);
      assertThat(TopicProbe.await(consumer(), Topics.CODE_REQUESTS.name(),
          record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId()), 1)).hasSize(1);
      var challenges = TopicProbe.await(consumer(), Topics.CHALLENGES.name(),
          record -> record.value() instanceof ChallengeEvent e && challengeId.equals(e.getChallengeId())
              && e.getState() == ChallengeState.ISSUED, 1);
      assertThat(challenges).hasSize(1);
    }

    @Test
    void duplicateRequestAfterTheSendPeriodStillSendsNoSecondCode() throws Exception {
      start("tenant-1");
      sentCodes(1);
      Thread.sleep(5_100); // past minVerificationCodeSendPeriod: only idempotency can hold the code back

      assertThat(start("tenant-1").body().get("state").asString()).isEqualTo("ISSUED");
      assertThat(TopicProbe.readToEnd(consumer(), Topics.CODE_REQUESTS.name(),
          record -> record.value() instanceof CodeRequest r && challengeId.equals(r.getChallengeId()))).hasSize(1);
    }

    @Test
    void expiredChallengeIsExpiredAndAcceptsNothing() throws Exception {
      start(SHORT_LIVED);
      String code = sentCodes(1).get(0);
      Thread.sleep(1_500);

      assertThat(verify(code).body().get("result").asString()).isEqualTo("EXPIRED");
      assertThat(verify(code).body().get("result").asString()).isEqualTo("EXPIRED");
      assertThat(api.get("/api/v1/challenges/" + challengeId, LOGIN).body().get("state").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void verifiedChallengeAcceptsNothingMore() throws Exception {
      start("tenant-1");
      String code = sentCodes(1).get(0);
      verify(code);

      assertThat(verify(code).status()).isEqualTo(409);
    }

    @Test
    void enforcedUserWithoutFactorsMustEnrollWithTheAllowedProviders() {
      ChallengeStubs.noFactors(user);

      Response response = start(ENFORCED);

      assertThat(response.body().get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");
      assertThat(response.body().get("providers").valueStream().map(p -> p.get("type").asString()))
          .containsExactlyInAnyOrder("TOTP", "SMS", "EMAIL");
    }

    @Test
    void userWithoutFactorsAndNotEnforcedNeedsNoSecondStep() {
      ChallengeStubs.noFactors(user);

      assertThat(start("tenant-1").body().get("state").asString()).isEqualTo("NOT_REQUIRED");
    }

    @Test
    void policyDownIsRejectedNeverNotRequired() {
      ChallengeStubs.noFactors(user);

      Response response = start(POLICY_DOWN);

      assertThat(response.body().get("state").asString()).isEqualTo("REJECTED");
      assertThat(response.body().get("reason").asString()).isEqualTo("policy-unavailable");
    }

    @Test
    void enrollmentUnreachableIsRejectedNeverNotRequired() {
      user = "user-without-stub-" + UUID.randomUUID(); // WireMock answers 404 for this user's factors

      Response response = start("tenant-1");

      assertThat(response.body().get("state").asString()).isEqualTo("REJECTED");
      assertThat(response.body().get("reason").asString()).isEqualTo("enrollment-unavailable");
    }

    @Test
    void totpAndBackupCodesAreCheckedByEnrollment() {
      start("tenant-1");
      String path = "/api/v1/challenges/" + challengeId + "/verifications";

      // try another way: the authenticator app
      assertThat(api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN, Map.of("provider", "TOTP")).status())
          .isEqualTo(202);
      assertThat(api.post(path, LOGIN, Map.of("code", "135790")).body().get("result").asString()).isEqualTo("ATTEMPT_FAILED");
      assertThat(api.post(path, LOGIN, Map.of("code", "246810")).body().get("result").asString()).isEqualTo("VERIFIED");
    }

    @Test
    void tryAnotherWaySendsTheCodeByTheOtherChannel() throws Exception {
      start("tenant-1");
      sentCodes(1);

      assertThat(api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN, Map.of("provider", "SMS")).status())
          .isEqualTo(202);

      String smsCode = sentCodes(2).get(1);
      Response verified = api.post("/api/v1/challenges/" + challengeId + "/verifications", LOGIN,
          Map.of("provider", "SMS", "code", smsCode));
      assertThat(verified.body().get("result").asString()).isEqualTo("VERIFIED");
    }

    /**
     * The pumping signal's other half: a sign-in verified with an SMS code counts for the range the
     * delivery reported (sends per range are delivery-service's), so an alert can weigh the two.
     */
    @Test
    void anSmsSignInCountsForTheNumberRangeItsCodeWentTo(
        @org.springframework.beans.factory.annotation.Autowired io.micrometer.core.instrument.MeterRegistry meters)
        throws Exception {
      start("tenant-1");
      sentCodes(1);
      assertThat(api.post("/api/v1/challenges/" + challengeId + "/code-requests", LOGIN, Map.of("provider", "SMS")).status())
          .isEqualTo(202);
      String smsCode = sentCodes(2).get(1);
      String range = "+380 " + (10 + new java.security.SecureRandom().nextInt(90));
      kafka.send(Topics.DELIVERIES.name(), user, DeliveryEvent.newBuilder()
          .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
              .setProducer("delivery-service").build())
          .setRequestId("req-sms").setUserId(user).setChallengeId(challengeId).setPurpose(CodePurpose.LOGIN)
          .setChannel(io.twofold.schemas.common.Channel.SMS).setStatus(DeliveryStatus.SENT).setProvider("twilio")
          .setAttempt(1).setDestinationRange(range).build()).get();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
          api.get("/api/v1/challenges/" + challengeId, LOGIN).body().path("delivery").path("status").asString("")
              .equals("SENT"));
      assertThat(meters.find("twofold.challenge.sms.verified").tag("range", range).counter()).isNull();

      Response verified = api.post("/api/v1/challenges/" + challengeId + "/verifications", LOGIN,
          Map.of("provider", "SMS", "code", smsCode));

      assertThat(verified.body().get("result").asString()).isEqualTo("VERIFIED");
      assertThat(meters.get("twofold.challenge.sms.verified").tag("range", range).counter().count()).isEqualTo(1.0);
    }

    @Test
    void failedDeliveryIsVisibleToTheLoginService() throws Exception {
      start("tenant-1");
      kafka.send(Topics.DELIVERIES.name(), user, DeliveryEvent.newBuilder()
          .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
              .setProducer("delivery-service").build())
          .setRequestId("req-1").setUserId(user).setChallengeId(challengeId).setPurpose(CodePurpose.LOGIN)
          .setChannel(io.twofold.schemas.common.Channel.EMAIL).setStatus(DeliveryStatus.FAILED).setProvider("sendgrid")
          .setAttempt(1).setErrorClass("HTTP_400").build()).get();

      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
          api.get("/api/v1/challenges/" + challengeId, LOGIN).body().path("delivery").path("status").asString("").equals("FAILED"));
    }
  }

  @Nested
  class Authorization {

    @Test
    void onlyLoginServicesCreateOrVerifyChallenges() {
      Map<String, Object> body = Map.of("challengeId", challengeId, "userId", user, "tenantId", "t", "authority", "TENANT_ADMIN");
      assertThat(api.post("/api/v1/challenges", null, body).status()).isEqualTo(401);
      assertThat(api.post("/api/v1/challenges", TOKENS.sysAdmin("root"), body).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/challenges", TOKENS.internalService("x"), body).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/challenges/" + challengeId + "/verifications", TOKENS.customerUser(user, "t", "c"),
          Map.of("code", "123456")).status()).isEqualTo(403);
    }

    @Test
    void badInputIs400() {
      Response missing = api.post("/api/v1/challenges", LOGIN, Map.of("userId", user, "authority", "KING"));
      assertThat(missing.status()).isEqualTo(400);
      Response noTenant = api.post("/api/v1/challenges", LOGIN, Map.of("challengeId", challengeId, "userId", user,
          "authority", "TENANT_ADMIN"));
      assertThat(noTenant.errorFields()).containsExactly("tenantId");
    }
  }
}
