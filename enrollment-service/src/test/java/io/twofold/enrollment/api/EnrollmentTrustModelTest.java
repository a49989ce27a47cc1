package io.twofold.enrollment.api;

import static io.twofold.enrollment.api.EnrollmentTestSupport.LONG_ISSUER_TENANT;
import static io.twofold.enrollment.api.EnrollmentTestSupport.STEP_UP;
import static io.twofold.enrollment.api.EnrollmentTestSupport.enrollTotp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.twofold.enrollment.api.EnrollmentTestSupport.EnrolledTotp;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The attacks of the trust-model review (issue 13) on enrollment-service, each as the attacker would
 * send it: wiping another tenant's user, using a password-only token as an administrator, turning a
 * stolen session into a permanent second factor, breaking TOTP enrollment through policy, and
 * creating factors without bound.
 */
@ServiceIntegrationTest(properties = "twofold.policy.base-url=${twofold.test.wiremock-url}/policy")
class EnrollmentTrustModelTest {

  private static final Tokens TOKENS = Tokens.forTests();

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  ApiClient api;
  String user;
  String tenant;

  @BeforeEach
  void setUp() {
    EnrollmentTestSupport.stubPolicy();
    api = ApiClient.local(port);
    user = "user-" + UUID.randomUUID();
    tenant = "tenant-" + UUID.randomUUID();
  }

  private String userToken() {
    return TOKENS.subject(user).tenant(tenant).authority("TENANT_ADMIN").mint();
  }

  /** Backup codes for an enrolled user, through the step-up grant its confirmation returned. */
  private void generateBackupCodes(String token, EnrolledTotp totp) {
    ApiClient account = totp.stepUpToken() == null ? api : api.withHeader(STEP_UP, totp.stepUpToken());
    assertThat(account.post("/api/v1/me/backup-codes", token, Map.of()).status()).isEqualTo(201);
  }

  private static FactorEvent awaitFactorEvent(String userId, FactorChange change) {
    return TopicProbe.<FactorEvent>awaitOne(
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl())),
        Topics.FACTORS.name(),
        record -> record.value().getUserId().equals(userId) && record.value().getChange() == change).value();
  }

  @Nested
  class AdminReset {

    @Test
    void tenantAdministratorCannotWipeAUserOfAnotherTenantWhoHoldsBackupCodes() {
      String victim = userToken();
      generateBackupCodes(victim, enrollTotp(api, victim));
      String mallory = TOKENS.tenantAdmin("mallory", "mallory-tenant");

      Response wipe = api.delete("/api/v1/tenants/mallory-tenant/users/" + user + "/factors", mallory);

      assertThat(wipe.status()).isEqualTo(404);
      var left = api.get("/api/v1/me/factors", victim).body();
      assertThat(left.get("factors").size()).isEqualTo(1);
      assertThat(left.get("backupCodesLeft").asLong()).isEqualTo(5);
    }

    @Test
    void tenantAdministratorCannotWipeASystemAdministrator() {
      String root = TOKENS.sysAdmin(user);
      generateBackupCodes(root, enrollTotp(api, root));
      String mallory = TOKENS.tenantAdmin("mallory", "mallory-tenant");

      assertThat(api.delete("/api/v1/tenants/mallory-tenant/users/" + user + "/factors", mallory).status()).isEqualTo(404);
      assertThat(api.get("/api/v1/me/factors", root).body().get("factors").size()).isEqualTo(1);
    }

    @Test
    void systemAdministratorResetsAnotherSystemAdministratorWhoLostThePhone() {
      String lost = TOKENS.sysAdmin(user);
      enrollTotp(api, lost); // no tenant, no backup codes: ThingsBoard #14983

      Response reset = api.delete("/api/v1/users/" + user + "/factors", TOKENS.sysAdmin("root"));

      assertThat(reset.status()).isEqualTo(204);
      assertThat(api.get("/api/v1/me/factors", lost).body().get("factors").size()).isZero();
      FactorEvent audit = awaitFactorEvent(user, FactorChange.RESET_BY_ADMIN);
      assertThat(audit.getActorId()).isEqualTo("root");
      assertThat(audit.getMetadata().getTenantId()).isNull();
    }

    @Test
    void tenantAdministratorResetsItsOwnUserAndTheResetNamesTheActor() {
      String victim = userToken();
      generateBackupCodes(victim, enrollTotp(api, victim));

      Response reset = api.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors",
          TOKENS.tenantAdmin("helpdesk", tenant));

      assertThat(reset.status()).isEqualTo(204);
      assertThat(api.get("/api/v1/me/factors", victim).body().get("factors").size()).isZero();
      FactorEvent audit = awaitFactorEvent(user, FactorChange.RESET_BY_ADMIN);
      assertThat(audit.getActorId()).isEqualTo("helpdesk");
      assertThat(audit.getMetadata().getTenantId()).isEqualTo(tenant);
    }
  }

  @Nested
  class EnrollOnlyTokens {

    @Test
    void theConfirmationNamesTheEnforcedSignInItCompletes() {
      String enrollOnly = TOKENS.subject(user).tenant(tenant).authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();
      String signIn = "ch-" + UUID.randomUUID();

      enrollTotp(api, enrollOnly, signIn);

      FactorEvent confirmed = awaitFactorEvent(user, FactorChange.CONFIRMED);
      assertThat(confirmed.getChallengeId()).isEqualTo(signIn);
      assertThat(confirmed.getMetadata().getTenantId()).isEqualTo(tenant);
    }

    @Test
    void carryNoAdministratorPowersWhateverTheirClaims() {
      String victim = userToken();
      enrollTotp(api, victim);
      String enrollOnlyRoot = TOKENS.subject("attacker").authority("SYS_ADMIN").scope(Tokens.ENROLL).mint();
      String enrollOnlyAdmin = TOKENS.subject("attacker").tenant(tenant).authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();

      assertThat(api.delete("/api/v1/users/" + user + "/factors", enrollOnlyRoot).status()).isEqualTo(403);
      assertThat(api.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", enrollOnlyAdmin).status())
          .isEqualTo(403);
      assertThat(api.get("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", enrollOnlyAdmin).status())
          .isEqualTo(403);
      assertThat(api.get("/api/v1/tenants/" + tenant + "/coverage", enrollOnlyRoot).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/me/factors", victim).body().get("factors").size()).isEqualTo(1);
    }

    @Test
    void areSpentOnceTheUserHasAnActiveFactor() {
      String enrollOnly = TOKENS.subject(user).tenant(tenant).authority("CUSTOMER_USER").scope(Tokens.ENROLL).mint();
      enrollTotp(api, enrollOnly);

      Response another = api.post("/api/v1/me/factors", enrollOnly, Map.of("type", "TOTP"));

      assertThat(another.status()).isEqualTo(403);
      assertThat(another.problem()).isEqualTo("enrollment-token-spent");
      assertThat(api.get("/api/v1/me/factors", enrollOnly).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/me/factors", userToken()).body().get("factors").size()).isEqualTo(1);
    }

    @Test
    void cannotChangeFactorsOrMakeBackupCodes() {
      String enrollOnly = TOKENS.subject(user).tenant(tenant).authority("CUSTOMER_USER").scope(Tokens.ENROLL).mint();
      String pending = api.post("/api/v1/me/factors", enrollOnly, Map.of("type", "TOTP")).body()
          .get("factor").get("id").asString();

      assertThat(api.delete("/api/v1/me/factors/" + pending, enrollOnly).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/me/backup-codes", enrollOnly, Map.of()).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/me/factors/" + pending + "/default", enrollOnly, Map.of()).status()).isEqualTo(403);
    }
  }

  @Nested
  class StepUp {

    @Test
    void aStolenSessionCannotAddRemoveOrRegenerateWithoutASecondFactor() {
      String session = userToken();
      EnrolledTotp totp = enrollTotp(api, session);

      Response add = api.post("/api/v1/me/factors", session, Map.of("type", "TOTP"));
      Response backup = api.post("/api/v1/me/backup-codes", session, Map.of());
      Response remove = api.delete("/api/v1/me/factors/" + totp.factorId(), session);

      assertThat(List.of(add.status(), backup.status(), remove.status())).containsOnly(403);
      assertThat(add.problem()).isEqualTo("step-up-required");
      assertThat(add.body().toString()).doesNotContain("secret");
      var factors = api.get("/api/v1/me/factors", session).body();
      assertThat(factors.get("factors").size()).isEqualTo(1);
      assertThat(factors.get("backupCodesLeft").asLong()).isZero();
    }

    @Test
    void aCurrentAuthenticatorCodeGrantsAShortStepUp() {
      String session = userToken();
      EnrolledTotp totp = enrollTotp(api, session);

      Response stepUp = api.post("/api/v1/me/step-up", session, Map.of("code", totp.nextCode()));

      assertThat(stepUp.status()).as(String.valueOf(stepUp.body())).isEqualTo(200);
      Instant expiresAt = Instant.parse(stepUp.body().get("expiresAt").asString());
      assertThat(expiresAt).isBetween(Instant.now(), Instant.now().plus(6, ChronoUnit.MINUTES));
      ApiClient steppedUp = api.withHeader(STEP_UP, stepUp.body().get("stepUpToken").asString());
      assertThat(steppedUp.post("/api/v1/me/factors", session, Map.of("type", "TOTP")).status()).isEqualTo(201);
      assertThat(steppedUp.post("/api/v1/me/backup-codes", session, Map.of()).status()).isEqualTo(201);
    }

    @Test
    void theCodeThatSteppedUpCannotBeReplayedAndWrongCodesAreRateLimited() {
      String session = userToken();
      EnrolledTotp totp = enrollTotp(api, session);
      String code = totp.nextCode();
      assertThat(api.post("/api/v1/me/step-up", session, Map.of("code", code)).status()).isEqualTo(200);

      assertThat(api.post("/api/v1/me/step-up", session, Map.of("code", code)).status()).isEqualTo(422);
      assertThat(api.post("/api/v1/me/step-up", session, Map.of("code", "000000")).status()).isEqualTo(422);
      // policy: 3 checks per 900 s, counted before the code is compared
      Response limited = api.post("/api/v1/me/step-up", session, Map.of("code", "000000"));
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void aGrantWorksForItsOwnUserOnly() {
      String alice = userToken();
      EnrolledTotp aliceTotp = enrollTotp(api, alice);
      String bob = TOKENS.subject("bob-" + UUID.randomUUID()).tenant(tenant).authority("TENANT_ADMIN").mint();
      enrollTotp(api, bob);

      Response borrowed = api.withHeader(STEP_UP, aliceTotp.stepUpToken()).post("/api/v1/me/backup-codes", bob, Map.of());
      Response forged = api.withHeader(STEP_UP, "not-a-grant").post("/api/v1/me/backup-codes", bob, Map.of());

      assertThat(borrowed.status()).isEqualTo(403);
      assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void aUserWithOnlyAPhoneStepsUpWithACodeSentToIt() {
      String session = userToken();
      Response created = api.post("/api/v1/me/factors", session, Map.of("type", "SMS", "phoneNumber", "+380501234512"));
      String phone = created.body().get("factor").get("id").asString();
      String enrollCode = EnrollmentTestSupport.sentCode(phone).code();
      assertThat(api.post("/api/v1/me/factors/" + phone + "/confirmation", session, Map.of("code", enrollCode)).status())
          .isEqualTo(200);

      Response sent = api.post("/api/v1/me/step-up/code-requests", session, Map.of("factorId", phone));
      assertThat(sent.status()).as(String.valueOf(sent.body())).isEqualTo(202);
      String code = EnrollmentTestSupport.sentCodes(phone, 2).get(1);
      Response stepUp = api.post("/api/v1/me/step-up", session, Map.of("factorId", phone, "code", code));

      assertThat(stepUp.status()).as(String.valueOf(stepUp.body())).isEqualTo(200);
      assertThat(api.withHeader(STEP_UP, stepUp.body().get("stepUpToken").asString())
          .delete("/api/v1/me/factors/" + phone, session).status()).isEqualTo(204);
    }
  }

  @Nested
  class TotpIssuer {

    @Test
    void anIssuerTooLongForAQrCodeIsAClearErrorAndStoresNothing() {
      String session = TOKENS.subject(user).tenant(LONG_ISSUER_TENANT).authority("TENANT_ADMIN").mint();

      Response created = api.post("/api/v1/me/factors", session, Map.of("type", "TOTP"));

      assertThat(created.status()).isBetween(400, 499);
      assertThat(created.problem()).isEqualTo("totp-uri-too-long");
      assertThat(api.get("/api/v1/me/factors", session).body().get("factors").size()).isZero();
      assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), "factor_secrets")
          - mongo.count(new org.springframework.data.mongodb.core.query.Query(), "factors")).isLessThanOrEqualTo(0);
    }
  }

  @Nested
  class CreationLimits {

    @Test
    void authenticatorFactorsCannotBeCreatedWithoutBound() {
      String session = userToken();
      for (int i = 0; i < 5; i++) {
        assertThat(api.post("/api/v1/me/factors", session, Map.of("type", "TOTP")).status()).isEqualTo(201);
      }

      Response sixth = api.post("/api/v1/me/factors", session, Map.of("type", "TOTP"));

      assertThat(sixth.status()).isEqualTo(429);
      assertThat(sixth.header("Retry-After")).isNotNull();
      assertThat(api.get("/api/v1/me/factors", session).body().get("factors").size()).isEqualTo(5);
    }

    @Test
    void pendingFactorsExpire() {
      String session = userToken();
      String stale = "stale-" + UUID.randomUUID();
      Instant longAgo = Instant.now().minus(2, ChronoUnit.HOURS);
      mongo.insert(new Document("_id", stale).append("userId", user).append("tenantId", tenant).append("type", "TOTP")
          .append("label", "Forgotten").append("state", "PENDING").append("isDefault", false)
          .append("createdAt", java.util.Date.from(longAgo))
          .append("pendingUntil", java.util.Date.from(longAgo.plus(30, ChronoUnit.MINUTES))), "factors");

      assertThat(api.get("/api/v1/me/factors", session).body().get("factors").size()).isZero();
      assertThat(api.post("/api/v1/me/factors/" + stale + "/confirmation", session, Map.of("code", "123456")).status())
          .isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(value = PhoneNumberType.class, names = {"PREMIUM_RATE", "SHARED_COST", "TOLL_FREE", "FIXED_LINE", "VOIP"})
    void phoneNumbersThatCannotReceiveCodesSafelyAreRefused(PhoneNumberType type) {
      String number = exampleNumber(type);

      Response refused = api.post("/api/v1/me/factors", userToken(), Map.of("type", "SMS", "phoneNumber", number));

      assertThat(refused.status()).as(number).isEqualTo(400);
      assertThat(refused.errorFields()).containsExactly("phoneNumber");
    }

    @Test
    void mobileNumbersAreAccepted() {
      String mobile = exampleNumber(PhoneNumberType.MOBILE);

      assertThat(api.post("/api/v1/me/factors", userToken(), Map.of("type", "SMS", "phoneNumber", mobile)).status())
          .isEqualTo(201);
    }
  }

  /** libphonenumber's example number of a type, from Great Britain or else the first region that has one. */
  private static String exampleNumber(PhoneNumberType type) {
    PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    return java.util.stream.Stream.concat(java.util.stream.Stream.of("GB"), phones.getSupportedRegions().stream().sorted())
        .map(region -> phones.getExampleNumberForType(region, type))
        .filter(java.util.Objects::nonNull).findFirst()
        .map(number -> phones.format(number, PhoneNumberFormat.E164))
        .orElseThrow(() -> new AssertionError("no example number of type " + type));
  }

  @Test
  void storedPendingFactorDocumentsStayWellFormed() {
    // guards the raw document used above against drift from the stored shape
    api.post("/api/v1/me/factors", userToken(), Map.of("type", "TOTP"));
    Document stored = mongo.findOne(new org.springframework.data.mongodb.core.query.Query(
        org.springframework.data.mongodb.core.query.Criteria.where("userId").is(user)), Document.class, "factors");
    assertThat(stored.keySet()).contains("userId", "tenantId", "type", "state", "createdAt", "pendingUntil");
  }
}
