package io.twofold.enrollment.api;

import static io.twofold.enrollment.api.EnrollmentTestSupport.ENFORCED_TENANT;
import static io.twofold.enrollment.api.EnrollmentTestSupport.NO_SMS_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.QrReader;
import io.twofold.testsupport.Rfc6238;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.Parallel;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

@ServiceIntegrationTest(properties = "twofold.policy.base-url=${twofold.test.wiremock-url}/policy")
class EnrollmentApiTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private static final String INTERNAL = TOKENS.internalService("challenge-service");

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  ApiClient api;
  String user;
  String tenant;
  String stepUp;

  @BeforeEach
  void setUp() {
    EnrollmentTestSupport.stubPolicy();
    api = ApiClient.local(port);
    user = "user-" + UUID.randomUUID();
    tenant = "tenant-" + UUID.randomUUID();
  }

  private String token() {
    return token(tenant);
  }

  private String token(String tenantId) {
    return TOKENS.subject(user).tenant(tenantId).authority("TENANT_ADMIN").mint();
  }

  /**
   * Creates and confirms a TOTP factor; returns its secret as an authenticator app would hold it.
   * Keeps the step-up grant the confirmation returned, for the changes that follow ({@link #steppedUp}).
   */
  private byte[] enrollTotp(String token) {
    ApiClient client = stepUp == null ? api : steppedUp();
    EnrollmentTestSupport.EnrolledTotp enrolled = EnrollmentTestSupport.enrollTotp(client, token);
    stepUp = enrolled.stepUpToken();
    return enrolled.secret();
  }

  /** The API as the account page sends it right after a factor was confirmed: with its step-up grant. */
  private ApiClient steppedUp() {
    return api.withHeader(EnrollmentTestSupport.STEP_UP, stepUp);
  }

  private static String decodeQr(String base64Png) throws Exception {
    return QrReader.read(Base64.getDecoder().decode(base64Png));
  }

  private static String query(String uri, String name) {
    return EnrollmentTestSupport.query(uri, name);
  }

  @Nested
  class Totp {

    @Test
    void qrCodeCarriesAnOtpauthUriWhoseIndependentlyComputedCodeConfirmsTheFactor() throws Exception {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP"));
      String uri = decodeQr(created.body().get("qrPng").asString());

      assertThat(uri).isEqualTo(created.body().get("otpauthUri").asString())
          .startsWith("otpauth://totp/Acme:" + user + "?").contains("issuer=Acme").contains("digits=6").contains("period=30");
      byte[] secret = new Base32().decode(query(uri, "secret"));
      assertThat(secret).hasSize(20);
      String factorId = created.body().get("factor").get("id").asString();
      assertThat(created.body().get("factor").get("state").asString()).isEqualTo("PENDING");

      Response confirmed = api.post("/api/v1/me/factors/" + factorId + "/confirmation", token(),
          Map.of("code", Rfc6238.code(secret, Instant.now().getEpochSecond(), 6)));

      assertThat(confirmed.status()).isEqualTo(200);
      assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");
      assertThat(confirmed.body().get("isDefault").asBoolean()).isTrue();
    }

    @Test
    void wrongCodeDoesNotConfirm() {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP"));
      String factorId = created.body().get("factor").get("id").asString();

      Response wrong = api.post("/api/v1/me/factors/" + factorId + "/confirmation", token(), Map.of("code", "000000"));

      assertThat(wrong.status()).isEqualTo(422);
      assertThat(api.get("/api/v1/me/factors", token()).body().get("factors").get(0).get("state").asString())
          .isEqualTo("PENDING");
    }

    @Test
    void sameCodeIsAcceptedOnceAtSignIn() throws Exception {
      byte[] secret = enrollTotp(token());
      // a later step than the one used to confirm
      String code = Rfc6238.code(secret, Instant.now().getEpochSecond() + 30, 6);
      String path = "/internal/v1/users/" + user + "/totp-verifications";

      assertThat(api.post(path, INTERNAL, Map.of("code", code)).body().get("verified").asBoolean()).isTrue();
      assertThat(api.post(path, INTERNAL, Map.of("code", code)).body().get("verified").asBoolean()).isFalse();
    }

    @Test
    void sameCodeSentInParallelIsAcceptedOnce() throws Exception {
      byte[] secret = enrollTotp(token());
      String code = Rfc6238.code(secret, Instant.now().getEpochSecond() + 30, 6);
      String path = "/internal/v1/users/" + user + "/totp-verifications";

      List<Boolean> results = Parallel.run(10, () -> api.post(path, INTERNAL, Map.of("code", code)).body().get("verified").asBoolean());

      assertThat(results).containsOnlyOnce(true);
    }

    @Test
    void confirmationCodeCannotBeReplayedAtSignIn() throws Exception {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP"));
      byte[] secret = new Base32().decode(created.body().get("secret").asString());
      String code = Rfc6238.code(secret, Instant.now().getEpochSecond(), 6);
      api.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString() + "/confirmation", token(),
          Map.of("code", code));

      Response replay = api.post("/internal/v1/users/" + user + "/totp-verifications", INTERNAL, Map.of("code", code));

      assertThat(replay.body().get("verified").asBoolean()).isFalse();
    }
  }

  @Nested
  class CodeByMessage {

    @Test
    void smsFactorIsConfirmedWithTheCodeSentThroughKafka() {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "SMS", "phoneNumber", "+380 50 123 4512"));
      assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
      String factorId = created.body().get("factor").get("id").asString();
      assertThat(created.body().get("factor").get("maskedDestination").asString()).isEqualTo("+38******12");

      var sent = EnrollmentTestSupport.sentCode(factorId);
      assertThat(sent.request().getPurpose()).isEqualTo(CodePurpose.ENROLLMENT);
      assertThat(sent.request().getChannel()).isEqualTo(Channel.SMS);
      assertThat(sent.request().getDestination()).isEqualTo("+380501234512");
      assertThat(sent.request().getMessageTemplate()).isEqualTo("Acme code: ${code}");
      assertThat(sent.request().toString()).doesNotContain(sent.code());

      Response confirmed = api.post("/api/v1/me/factors/" + factorId + "/confirmation", token(), Map.of("code", sent.code()));
      assertThat(confirmed.status()).isEqualTo(200);
      assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void emailFactorIsConfirmedAndTheCodeWorksOnce() {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "EMAIL", "email", "jane@Example.com"));
      String factorId = created.body().get("factor").get("id").asString();
      assertThat(created.body().get("factor").get("maskedDestination").asString()).isEqualTo("j***@example.com");
      var sent = EnrollmentTestSupport.sentCode(factorId);
      assertThat(sent.request().getChannel()).isEqualTo(Channel.EMAIL);

      assertThat(api.post("/api/v1/me/factors/" + factorId + "/confirmation", token(), Map.of("code", sent.code())).status())
          .isEqualTo(200);
      assertThat(api.post("/api/v1/me/factors/" + factorId + "/confirmation", token(), Map.of("code", sent.code())).status())
          .isEqualTo(409);
    }

    @Test
    void resendWithinTheSendPeriodIs429WithRetryAfter() {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "EMAIL", "email", "jane@example.com"));
      String factorId = created.body().get("factor").get("id").asString();

      Response resend = api.post("/api/v1/me/factors/" + factorId + "/confirmation-code", token(), Map.of());

      assertThat(resend.status()).isEqualTo(429);
      assertThat(Integer.parseInt(resend.header("Retry-After"))).isBetween(1, 30);
    }

    @Test
    void checksPastTheRateLimitAre429EvenWithTheRightCode() {
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "EMAIL", "email", "jane@example.com"));
      String factorId = created.body().get("factor").get("id").asString();
      String path = "/api/v1/me/factors/" + factorId + "/confirmation";
      var sent = EnrollmentTestSupport.sentCode(factorId);
      for (int i = 0; i < 3; i++) {
        assertThat(api.post(path, token(), Map.of("code", "000000")).status()).isEqualTo(422);
      }

      Response limited = api.post(path, token(), Map.of("code", sent.code()));

      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void providerTheRulesDoNotEnableCannotBeEnrolled() {
      Response refused = api.post("/api/v1/me/factors", token(NO_SMS_TENANT), Map.of("type", "SMS", "phoneNumber", "+380501234512"));

      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().get("type").asString()).isEqualTo("urn:twofold:problem:provider-not-enabled");
    }

    /** Issue 18: a tenant that lists the countries SMS codes may go to gets no phone of another. */
    @Test
    void aPhoneOfACountryTheSettingsDoNotListCannotBeEnrolled() {
      String tenantToken = token(EnrollmentTestSupport.UA_PL_SMS_TENANT);
      Response refused = api.post("/api/v1/me/factors", tenantToken, Map.of("type", "SMS", "phoneNumber", "+447400123456"));

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorFields()).containsExactly("phoneNumber");
      assertThat(refused.body().toString()).contains("UA, PL");
      assertThat(api.get("/api/v1/me/factors", tenantToken).body().path("factors")).isEmpty();

      Response allowed = api.post("/api/v1/me/factors", tenantToken, Map.of("type", "SMS", "phoneNumber", "+48501234567"));
      assertThat(allowed.status()).isEqualTo(201);
    }
  }

  @Nested
  class BackupCodes {

    @Test
    void needAnotherActiveFactor() {
      Response refused = api.post("/api/v1/me/backup-codes", token(), Map.of());

      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().get("type").asString()).isEqualTo("urn:twofold:problem:backup-codes-need-another-factor");
    }

    @Test
    void twentyParallelUsesOfOneCodeSucceedOnce() throws Exception {
      enrollTotp(token());
      List<String> codes = codes(steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()));
      assertThat(codes).hasSize(5);
      String path = "/internal/v1/users/" + user + "/backup-code-verifications";

      List<Boolean> results = Parallel.run(20, () -> api.post(path, INTERNAL, Map.of("code", codes.get(0))).body().get("verified").asBoolean());

      assertThat(results).containsOnlyOnce(true);
      assertThat(api.get("/api/v1/me/factors", token()).body().get("backupCodesLeft").asLong()).isEqualTo(4);
    }

    /** Issue 16: a sign-in whose policy offers no backup codes does not have them counted. */
    @Test
    void theSignInListCountsThemOnlyWhenAskedAndWhenTheUserHasAFactor() throws Exception {
      String factors = "/internal/v1/users/" + user + "/factors";
      assertThat(api.get(factors, INTERNAL).body().get("backupCodesLeft").isNull())
          .as("no active factor: nothing to count").isTrue();
      enrollTotp(token());
      codes(steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()));

      assertThat(api.get(factors, INTERNAL).body().get("backupCodesLeft").asLong()).isEqualTo(5);
      assertThat(api.get(factors + "?backupCodes=true", INTERNAL).body().get("backupCodesLeft").asLong()).isEqualTo(5);
      JsonNode without = api.get(factors + "?backupCodes=false", INTERNAL).body();
      assertThat(without.get("backupCodesLeft").isNull()).isTrue();
      assertThat(without.get("factors")).hasSize(1);
    }

    @Test
    void regeneratingReplacesAllCodes() throws Exception {
      enrollTotp(token());
      List<String> first = codes(steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()));
      List<String> second = codes(steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()));
      String path = "/internal/v1/users/" + user + "/backup-code-verifications";

      assertThat(api.post(path, INTERNAL, Map.of("code", first.get(0))).body().get("verified").asBoolean()).isFalse();
      assertThat(api.post(path, INTERNAL, Map.of("code", second.get(0).toUpperCase())).body().get("verified").asBoolean()).isTrue();
    }

    @Test
    void goAwayWithTheLastOtherFactor() throws Exception {
      enrollTotp(token());
      List<String> codes = codes(steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()));
      String factorId = api.get("/api/v1/me/factors", token()).body().get("factors").get(0).get("id").asString();

      assertThat(steppedUp().delete("/api/v1/me/factors/" + factorId, token()).status()).isEqualTo(204);

      assertThat(api.get("/api/v1/me/factors", token()).body().get("backupCodesLeft").asLong()).isZero();
      assertThat(api.post("/internal/v1/users/" + user + "/backup-code-verifications", INTERNAL,
          Map.of("code", codes.get(1))).body().get("verified").asBoolean()).isFalse();
    }

    @Test
    void asATextFileToDownloadWhoseCodesWork() throws Exception {
      enrollTotp(token());

      Response file = steppedUp().post("/api/v1/me/backup-codes?format=text", token(), Map.of());

      assertThat(file.status()).isEqualTo(201);
      assertThat(file.header("Content-Type")).startsWith("text/plain");
      assertThat(file.header("Content-Disposition")).isEqualTo("attachment; filename=\"backup-codes.txt\"");
      assertThat(file.header("Cache-Control")).contains("no-store");
      List<String> codes = file.raw().body().lines().filter(line -> line.matches("[a-z0-9]{5}-[a-z0-9]{5}")).toList();
      assertThat(codes).hasSize(5);
      assertThat(api.post("/internal/v1/users/" + user + "/backup-code-verifications", INTERNAL,
          Map.of("code", codes.get(2))).body().get("verified").asBoolean()).isTrue();
    }

    @Test
    void asAPageToPrintWithEveryCodeEscaped() throws Exception {
      enrollTotp(token());

      Response page = steppedUp().post("/api/v1/me/backup-codes?format=html", token(), Map.of());

      assertThat(page.status()).isEqualTo(201);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Cache-Control")).contains("no-store");
      java.util.regex.Matcher code = java.util.regex.Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")
          .matcher(page.raw().body());
      List<String> codes = new java.util.ArrayList<>();
      while (code.find()) {
        codes.add(code.group(1));
      }
      assertThat(codes).hasSize(5);
      assertThat(api.post("/internal/v1/users/" + user + "/backup-code-verifications", INTERNAL,
          Map.of("code", codes.get(0))).body().get("verified").asBoolean()).isTrue();
      assertThat(steppedUp().post("/api/v1/me/backup-codes?format=pdf", token(), Map.of()).status())
          .as("an unknown format").isEqualTo(400);
    }

    private List<String> codes(Response response) {
      assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(201);
      return response.body().get("codes").valueStream().map(node -> node.asString()).toList();
    }
  }

  @Nested
  class Rules {

    @Test
    void enforcedUserCannotRemoveItsLastFactor() throws Exception {
      String enforced = token(ENFORCED_TENANT);
      enrollTotp(enforced);
      String factorId = api.get("/api/v1/me/factors", enforced).body().get("factors").get(0).get("id").asString();

      Response refused = steppedUp().delete("/api/v1/me/factors/" + factorId, enforced);

      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().get("type").asString()).isEqualTo("urn:twofold:problem:last-factor-enforced");
    }

    @Test
    void removingTheDefaultMakesAnotherFactorTheDefault() throws Exception {
      enrollTotp(token());
      enrollTotp(token());
      var factors = api.get("/api/v1/me/factors", token()).body().get("factors");
      String first = factors.get(0).get("id").asString();
      assertThat(factors.get(0).get("isDefault").asBoolean()).isTrue();

      assertThat(steppedUp().delete("/api/v1/me/factors/" + first, token()).status()).isEqualTo(204);

      assertThat(api.get("/api/v1/me/factors", token()).body().get("factors").get(0).get("isDefault").asBoolean()).isTrue();
    }
  }

  @Nested
  class BadInput {

    @Test
    void invalidPhoneEmailTypeLabelAndCodeFormatAre400() {
      assertThat(api.post("/api/v1/me/factors", token(), Map.of("type", "SMS", "phoneNumber", "0501234512")).errorFields())
          .containsExactly("phoneNumber");
      assertThat(api.post("/api/v1/me/factors", token(), Map.of("type", "EMAIL", "email", "jane@")).errorFields())
          .containsExactly("email");
      Response unknownType = api.post("/api/v1/me/factors", token(), Map.of("type", "FAX"));
      assertThat(unknownType.status()).isEqualTo(400);
      assertThat(unknownType.body().get("detail").asString()).contains("type").contains("TOTP");
      assertThat(api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP", "label", "x".repeat(65))).errorFields())
          .containsExactly("label");
      Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP"));
      assertThat(api.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString() + "/confirmation",
          token(), Map.of("code", "12ab56")).errorFields()).containsExactly("code");
    }
  }

  @Nested
  class Authorization {

    @Test
    void userCannotSeeOrChangeAnotherUsersFactors() throws Exception {
      enrollTotp(token());
      String factorId = api.get("/api/v1/me/factors", token()).body().get("factors").get(0).get("id").asString();
      String mallory = TOKENS.subject("mallory").tenant(tenant).authority("CUSTOMER_USER").mint();

      assertThat(api.get("/api/v1/me/factors", mallory).body().get("factors").size()).isZero();
      assertThat(api.delete("/api/v1/me/factors/" + factorId, mallory).status()).isEqualTo(404);
      assertThat(api.post("/api/v1/me/factors/" + factorId + "/default", mallory, Map.of()).status()).isEqualTo(404);
      assertThat(api.get("/api/v1/me/factors", token()).body().get("factors").size()).isEqualTo(1);
    }

    @Test
    void tenantAdministratorSeesOnlyItsOwnTenantsUsers() throws Exception {
      enrollTotp(token());
      String ownAdmin = TOKENS.tenantAdmin("admin", tenant);
      String otherAdmin = TOKENS.tenantAdmin("admin", "other-tenant");

      Response own = api.get("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", ownAdmin);
      assertThat(own.status()).isEqualTo(200);
      assertThat(own.body().size()).isEqualTo(1);
      assertThat(own.body().toString()).doesNotContain("secret");
      assertThat(api.get("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", otherAdmin).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/tenants/other-tenant/users/" + user + "/factors", otherAdmin).body().size()).isZero();
      assertThat(api.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", otherAdmin).status()).isEqualTo(403);
    }

    @Test
    void internalEndpointsRefuseUserTokens() {
      assertThat(api.get("/internal/v1/users/" + user + "/factors", token()).status()).isEqualTo(403);
      assertThat(api.post("/internal/v1/users/" + user + "/totp-verifications", token(), Map.of("code", "123456")).status())
          .isEqualTo(403);
      assertThat(api.get("/internal/v1/users/" + user + "/factors", null).status()).isEqualTo(401);
    }

    @Test
    void serviceTokenIsNotAUser() {
      assertThat(api.get("/api/v1/me/factors", INTERNAL).status()).isEqualTo(403);
    }

    @Test
    void enrollmentOnlyTokenMayEnroll() throws Exception {
      String enrollOnly = TOKENS.subject(user).tenant(tenant).authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();
      enrollTotp(enrollOnly);

      assertThat(api.get("/api/v1/me/factors", token()).body().get("factors").get(0).get("state").asString())
          .isEqualTo("ACTIVE");
    }
  }

  @Nested
  class Administration {

    @Test
    void resetRemovesEveryFactorAndBackupCode() throws Exception {
      enrollTotp(token());
      steppedUp().post("/api/v1/me/backup-codes", token(), Map.of());

      Response reset = api.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors", TOKENS.tenantAdmin("admin", tenant));

      assertThat(reset.status()).isEqualTo(204);
      var mine = api.get("/api/v1/me/factors", token()).body();
      assertThat(mine.get("factors").size()).isZero();
      assertThat(mine.get("backupCodesLeft").asLong()).isZero();
    }

    @Test
    void coverageCountsEnrolledUsersPerType() throws Exception {
      enrollTotp(token());
      steppedUp().post("/api/v1/me/backup-codes", token(), Map.of());
      steppedUp().post("/api/v1/me/factors", token(), Map.of("type", "TOTP")); // pending: not counted

      Response coverage = api.get("/api/v1/tenants/" + tenant + "/coverage", TOKENS.sysAdmin("root"));

      assertThat(coverage.body().get("usersWithTwoFa").asLong()).isEqualTo(1);
      assertThat(coverage.body().get("usersByType").get("TOTP").asLong()).isEqualTo(1);
      assertThat(coverage.body().get("usersByType").get("BACKUP_CODE").asLong()).isEqualTo(1);
    }
  }

  @Test
  void storedDocumentsHoldNoSecretOrCodeInClear() throws Exception {
    Response created = api.post("/api/v1/me/factors", token(), Map.of("type", "TOTP"));
    String secretBase32 = created.body().get("secret").asString();
    byte[] secret = new Base32().decode(secretBase32);
    stepUp = api.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString() + "/confirmation",
        token(), Map.of("code", Rfc6238.code(secret, Instant.now().getEpochSecond(), 6))).body()
        .get("stepUpToken").asString();
    List<String> backupCodes = steppedUp().post("/api/v1/me/backup-codes", token(), Map.of()).body().get("codes")
        .valueStream().map(node -> node.asString()).toList();
    Response email = steppedUp().post("/api/v1/me/factors", token(), Map.of("type", "EMAIL", "email", "jane@example.com"));
    String confirmationCode = EnrollmentTestSupport.sentCode(email.body().get("factor").get("id").asString()).code();

    StringBuilder everything = new StringBuilder();
    for (String collection : mongo.getCollectionNames()) {
      mongo.findAll(Document.class, collection).forEach(document -> everything.append(document.toJson()).append('\n'));
    }
    String dump = everything.toString();

    assertThat(dump).doesNotContain(secretBase32).doesNotContain(Base64.getEncoder().encodeToString(secret))
        .doesNotContain(java.util.HexFormat.of().formatHex(secret));
    for (String code : backupCodes) {
      assertThat(dump).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }
    assertThat(dump).doesNotContain("\"" + confirmationCode + "\"");
    assertThat(dump).doesNotContain(stepUp);
  }

}
