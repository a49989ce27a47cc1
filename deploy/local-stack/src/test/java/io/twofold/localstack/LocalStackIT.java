package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.FreePorts;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Starts the real local stack, as {@code ./twofold local} does, from the jars this build just
 * packaged: real Kafka node, registry, Mongo wire server on H2 and the four services. Runs in the
 * integration-test phase (after package) on free ports, so it never collides with a running stack.
 */
class LocalStackIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalStack stack;
  private static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "local-stack-it");
    StackPorts ports = new StackPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
        FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
    stack = LocalStack.start(Path.of("../..").toAbsolutePath().normalize(), dataDir, ports);
    journeys = new Journeys(stack);
    configureSystem(journeys);
  }

  private static Journeys journeys;

  private static String id(String prefix) {
    return prefix + "-" + java.util.UUID.randomUUID();
  }

  /** The seed document's journeys, end to end through all four services, as their users meet them. */
  @org.junit.jupiter.api.Nested
  class UserJourneys {

    @Test
    void enrollAnAuthenticatorAppThenSignInWithIt() throws Exception {
      String user = id("u"), tenant = id("t"), challenge = id("c");
      byte[] key = journeys.enrollTotp(journeys.user(user, tenant, null));

      var issued = journeys.startChallenge(challenge, user, tenant, null);

      assertThat(issued.get("state").asString()).isEqualTo("ISSUED");
      assertThat(issued.get("defaultProvider").asString()).isEqualTo("TOTP");
      assertThat(journeys.verify(challenge, null, Journeys.nextTotp(key))).isEqualTo("VERIFIED");
    }

    @Test
    void enrollAnEmailAddressThenSignInWithAnEmailedCode() {
      String user = id("u"), tenant = id("t"), challenge = id("c");
      String email = user + "@example.com";
      String token = journeys.user(user, tenant, null);
      var factor = journeys.enrollment.post("/api/v1/me/factors", token, java.util.Map.of("type", "EMAIL", "email", email));
      String enrollmentCode = journeys.codeSentTo(email, null);
      journeys.enrollment.post("/api/v1/me/factors/" + factor.body().get("factor").get("id").asString() + "/confirmation",
          token, java.util.Map.of("code", enrollmentCode));

      var issued = journeys.startChallenge(challenge, user, tenant, null);
      assertThat(issued.get("currentProvider").asString()).isEqualTo("EMAIL");
      String signInCode = journeys.codeSentTo(email, enrollmentCode);

      assertThat(journeys.verify(challenge, null, signInCode)).isEqualTo("VERIFIED");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> "SENT".equals(
          journeys.challenges.get("/api/v1/challenges/" + challenge, journeys.login).body().path("delivery").path("status").asString("")));
    }

    @Test
    void backupCodeByTryAnotherWayWorksOnce() throws Exception {
      String user = id("u"), tenant = id("t");
      String token = journeys.user(user, tenant, null);
      journeys.enrollTotp(token);
      String backupCode = journeys.enrollment.post("/api/v1/me/backup-codes", token, java.util.Map.of())
          .body().get("codes").get(0).asString();

      String first = id("c");
      journeys.startChallenge(first, user, tenant, null);
      assertThat(journeys.challenges.post("/api/v1/challenges/" + first + "/code-requests", journeys.login,
          java.util.Map.of("provider", "BACKUP_CODE")).status()).isEqualTo(202);
      assertThat(journeys.verify(first, "BACKUP_CODE", backupCode)).isEqualTo("VERIFIED");

      String second = id("c");
      journeys.startChallenge(second, user, tenant, null);
      assertThat(journeys.verify(second, "BACKUP_CODE", backupCode)).isEqualTo("ATTEMPT_FAILED");
    }

    @Test
    void wrongCodesLockTheUserOutUntilAnAdministratorUnlocks() throws Exception {
      String user = id("u"), tenant = id("t");
      String tenantAdmin = journeys.tenantAdmin(tenant);
      var own = journeys.policy.put("/api/v1/settings/tenants/" + tenant, tenantAdmin, java.util.Map.of(
          "version", 0, "useSystemSettings", false,
          "providers", java.util.List.of(java.util.Map.of("providerType", "TOTP", "issuerName", "Acme")),
          "verificationCodeCheckRateLimit", "", "maxVerificationFailuresBeforeUserLockout", 3));
      assertThat(own.status()).as(String.valueOf(own.body())).isEqualTo(200);
      byte[] key = journeys.enrollTotp(journeys.user(user, tenant, null));
      String challenge = id("c");
      journeys.startChallenge(challenge, user, tenant, null);
      String wrong = Journeys.nextTotp(key).equals("000000") ? "111111" : "000000";

      assertThat(journeys.verify(challenge, null, wrong)).isEqualTo("ATTEMPT_FAILED");
      assertThat(journeys.verify(challenge, null, wrong)).isEqualTo("ATTEMPT_FAILED");
      assertThat(journeys.verify(challenge, null, wrong)).isEqualTo("LOCKED_OUT");
      assertThat(journeys.verify(challenge, null, Journeys.nextTotp(key))).isEqualTo("LOCKED_OUT");

      assertThat(journeys.challenges.delete("/api/v1/lockouts/" + user, tenantAdmin).status()).isEqualTo(204);
      String again = id("c");
      assertThat(journeys.startChallenge(again, user, tenant, null).get("state").asString()).isEqualTo("ISSUED");
      assertThat(journeys.verify(again, null, Journeys.nextTotp(key))).isEqualTo("VERIFIED");
    }

    @Test
    void enforcedTenantAdministratorMustEnrollThenSignsIn() throws Exception {
      String user = id("u"), tenant = id("t");

      var first = journeys.startChallenge(id("c"), user, tenant, "gold");
      assertThat(first.get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");
      assertThat(first.get("providers").valueStream().map(p -> p.get("type").asString()))
          .containsExactlyInAnyOrder("TOTP", "EMAIL", "SMS");

      String enrollOnly = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC)).subject(user).tenant(tenant)
          .tenantProfile("gold").authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();
      byte[] key = journeys.enrollTotp(enrollOnly);
      String challenge = id("c");
      assertThat(journeys.startChallenge(challenge, user, tenant, "gold").get("state").asString()).isEqualTo("ISSUED");
      assertThat(journeys.verify(challenge, null, Journeys.nextTotp(key))).isEqualTo("VERIFIED");
    }

    @Test
    void administratorResetsAUsersTwoFactorAuthentication() throws Exception {
      String user = id("u"), tenant = id("t");
      journeys.enrollTotp(journeys.user(user, tenant, null));

      assertThat(journeys.enrollment.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors",
          journeys.tenantAdmin(tenant)).status()).isEqualTo(204);

      assertThat(journeys.startChallenge(id("c"), user, tenant, null).get("state").asString()).isEqualTo("NOT_REQUIRED");
    }
  }

  /**
   * The administrator's settings for all journeys: every provider, tenant administrators of
   * profile "gold" must use 2FA. Written before any sign-in, so no cache holds older settings.
   */
  static void configureSystem(Journeys journeys) {
    var current = journeys.policy.get("/api/v1/settings/system", journeys.admin).body().get("version").asLong();
    var response = journeys.policy.put("/api/v1/settings/system", journeys.admin, java.util.Map.of(
        "version", current,
        "providers", java.util.List.of(
            java.util.Map.of("providerType", "TOTP", "issuerName", "Acme"),
            java.util.Map.of("providerType", "EMAIL"),
            java.util.Map.of("providerType", "SMS"),
            java.util.Map.of("providerType", "BACKUP_CODE", "codesQuantity", 5)),
        "enforceTwoFa", true,
        "enforcedUsersFilter", java.util.Map.of("filterType", "TENANT_ADMINISTRATORS", "tenantProfilesIds", java.util.List.of("gold"))));
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ServiceKind.class)
  void everyServiceAnswersHealthUp(ServiceKind service) throws Exception {
    HttpResponse<String> health = get(stack.serviceUrl(service) + "/actuator/health", null);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void tokensMintedFromTheStackKeysAreAccepted() throws Exception {
    String token = Main.mint(stack.secrets(), java.util.List.of("--sub", "ops", "--scope", Tokens.INTERNAL));

    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", token).statusCode()).isEqualTo(200);
    assertThat(get(stack.serviceUrl(ServiceKind.POLICY) + "/actuator/prometheus", null).statusCode()).isEqualTo(401);
  }

  @Test
  void registryServesTheConfluentApi() throws Exception {
    assertThat(get(stack.registryUrl() + "/apis/ccompat/v7/subjects", null).statusCode()).isEqualTo(200);
  }

  @Test
  void keysAndDataLiveInTheDataFolder() {
    assertThat(dataDir.resolve("secrets.properties")).exists();
    assertThat(dataDir.resolve("mongo.mv")).exists();
    assertThat(dataDir.resolve("kafka").resolve("meta.properties")).exists();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
