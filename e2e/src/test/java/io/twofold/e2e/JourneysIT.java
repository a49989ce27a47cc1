package io.twofold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.FormBody;
import io.twofold.testsupport.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed document's journeys, end to end through all four services as their users meet them:
 * an administrator's settings, a user's enrollment, a login service's sign-in challenge, and the
 * codes SendGrid and Twilio were asked to deliver.
 */
@ExtendWith(EndToEndStack.class)
class JourneysIT {

  private static Journeys journeys;

  @BeforeAll
  static void administratorEnablesProvidersAndLimits() {
    journeys = Journeys.of(EndToEndStack.get());
    long current = journeys.policy.get("/api/v1/settings/system", journeys.admin).body().get("version").asLong();
    var response = journeys.policy.put("/api/v1/settings/system", journeys.admin, Map.of(
        "version", current,
        "providers", List.of(
            Map.of("providerType", "TOTP", "issuerName", "Acme"),
            Map.of("providerType", "EMAIL", "verificationCodeLifetime", 300),
            Map.of("providerType", "SMS", "smsVerificationMessageTemplate", "Acme code: ${code}",
                "verificationCodeLifetime", 120),
            Map.of("providerType", "BACKUP_CODE", "codesQuantity", 5)),
        "verificationCodeCheckRateLimit", "10:60",
        "maxVerificationFailuresBeforeUserLockout", 10,
        "enforceTwoFa", true,
        "enforcedUsersFilter", Map.of("filterType", "TENANT_ADMINISTRATORS", "tenantProfilesIds", List.of("gold"))));
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
  }

  private static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

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
  void enrollAPhoneThenSignInWithTheCodeTwilioCarried() {
    String user = id("u"), tenant = id("t"), challenge = id("c");
    String phone = "+38050" + String.format("%07d", Math.floorMod(user.hashCode(), 10_000_000));
    String enrollmentCode = journeys.enrollByCode(journeys.user(user, tenant, null), "SMS", phone);

    var issued = journeys.startChallenge(challenge, user, tenant, null);
    assertThat(issued.get("currentProvider").asString()).isEqualTo("SMS");
    String signInCode = journeys.smsCodeSentTo(phone, enrollmentCode);

    assertThat(journeys.verify(challenge, null, signInCode)).isEqualTo("VERIFIED");
    var sms = journeys.received(EndToEndStack.TWILIO_PATH).stream().map(FormBody::parse)
        .filter(form -> phone.equals(form.get("To"))).findFirst().orElseThrow();
    assertThat(sms.get("MessagingServiceSid")).isEqualTo(EndToEndStack.TWILIO_MESSAGING_SERVICE);
    assertThat(sms.get("Body")).isEqualTo("Acme code: " + signInCode);
    awaitDelivery(challenge, "SENT");
  }

  @Test
  void enrollAnEmailAddressThenSignInWithTheCodeSendGridCarried() {
    String user = id("u"), tenant = id("t"), challenge = id("c");
    String email = user + "@example.com";
    String enrollmentCode = journeys.enrollByCode(journeys.user(user, tenant, null), "EMAIL", email);

    var issued = journeys.startChallenge(challenge, user, tenant, null);
    assertThat(issued.get("currentProvider").asString()).isEqualTo("EMAIL");
    String signInCode = journeys.emailCodeSentTo(email, enrollmentCode);

    assertThat(journeys.verify(challenge, null, signInCode)).isEqualTo("VERIFIED");
    awaitDelivery(challenge, "SENT");
  }

  /**
   * The next sign-in sees the user's factors as they are now: a factor just added is offered, one
   * just removed is neither offered nor accepted (with a code its app still shows). Guards any
   * copy of the factors challenge-service may keep (issue 16's factor view) against staleness.
   */
  @Test
  void theNextSignInSeesAFactorAddedOrRemovedAMomentAgo() throws Exception {
    String user = id("u"), tenant = id("t");
    String token = journeys.user(user, tenant, null);
    byte[] key = journeys.enrollTotp(token);
    String totpFactor = journeys.startChallenge(id("c"), user, tenant, null).get("providers").get(0)
        .get("factorId").asString();

    String email = user + "@example.com";
    var created = journeys.steppedUp(token).post("/api/v1/me/factors", token, Map.of("type", "EMAIL", "email", email));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String emailFactor = created.body().get("factor").get("id").asString();
    var confirmed = journeys.enrollment.post("/api/v1/me/factors/" + emailFactor + "/confirmation", token,
        Map.of("code", journeys.emailCodeSentTo(email, null)));
    assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");

    var afterAdding = journeys.startChallenge(id("c"), user, tenant, null);
    assertThat(afterAdding.get("providers").valueStream().map(option -> option.get("factorId").asString()))
        .contains(totpFactor, emailFactor);

    var removed = journeys.steppedUp(token).delete("/api/v1/me/factors/" + totpFactor, token);
    assertThat(removed.status()).as(String.valueOf(removed.body())).isEqualTo(204);

    String challenge = id("c");
    var afterRemoving = journeys.startChallenge(challenge, user, tenant, null);
    assertThat(afterRemoving.get("providers").valueStream().map(option -> option.get("type").asString()))
        .doesNotContain("TOTP");
    var withTheRemovedApp = journeys.challenges.post("/api/v1/challenges/" + challenge + "/verifications",
        journeys.login, Map.of("provider", "TOTP", "code", Journeys.nextTotp(key)));
    assertThat(withTheRemovedApp.status()).isEqualTo(400);
    assertThat(withTheRemovedApp.problem()).contains("provider-not-available");
  }

  @Test
  void backupCodeByTryAnotherWayWorksOnce() throws Exception {
    String user = id("u"), tenant = id("t");
    String token = journeys.user(user, tenant, null);
    journeys.enrollTotp(token);
    String backupCode = journeys.backupCodes(token).get(0);

    String first = id("c");
    journeys.startChallenge(first, user, tenant, null);
    assertThat(journeys.challenges.post("/api/v1/challenges/" + first + "/code-requests", journeys.login,
        Map.of("provider", "BACKUP_CODE")).status()).isEqualTo(202);
    assertThat(journeys.verify(first, "BACKUP_CODE", backupCode)).isEqualTo("VERIFIED");

    String second = id("c");
    journeys.startChallenge(second, user, tenant, null);
    assertThat(journeys.verify(second, "BACKUP_CODE", backupCode)).isEqualTo("ATTEMPT_FAILED");
  }

  @Test
  void wrongCodesLockTheUserOutUntilAnAdministratorUnlocks() throws Exception {
    String user = id("u"), tenant = id("t");
    String tenantAdmin = journeys.tenantAdmin(tenant);
    var own = journeys.policy.put("/api/v1/settings/tenants/" + tenant, tenantAdmin, Map.of(
        "version", 0, "useSystemSettings", false,
        "providers", List.of(Map.of("providerType", "TOTP", "issuerName", "Acme")),
        "maxVerificationFailuresBeforeUserLockout", 3)); // stricter than the system's 30: a tenant may tighten
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
  void enforcedTenantAdministratorEnrollsAndIsSignedInByTheConfirmation() throws Exception {
    String user = id("u"), tenant = id("t"), signIn = id("c");

    var first = journeys.startChallenge(signIn, user, tenant, "gold");
    assertThat(first.get("state").asString()).isEqualTo("ENROLLMENT_REQUIRED");
    assertThat(first.get("providers").valueStream().map(p -> p.get("type").asString()))
        .containsExactlyInAnyOrder("TOTP", "EMAIL", "SMS");

    String enrollOnly = journeys.tokens.subject(user).tenant(tenant).tenantProfile("gold")
        .authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();
    byte[] key = journeys.enrollTotp(enrollOnly, signIn);

    // The confirmation proved the new factor in this sign-in: no second code, no new challenge.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "VERIFIED".equals(
        journeys.challenges.get("/api/v1/challenges/" + signIn, journeys.login).body().get("state").asString()));
    // The next sign-in is an ordinary one, with the app.
    String next = id("c");
    assertThat(journeys.startChallenge(next, user, tenant, "gold").get("state").asString()).isEqualTo("ISSUED");
    assertThat(journeys.verify(next, null, Journeys.nextTotp(key))).isEqualTo("VERIFIED");
  }

  @Test
  void tenantAdministratorsOfOtherProfilesAreNotForced() {
    var started = journeys.startChallenge(id("c"), id("u"), id("t"), "silver");

    assertThat(started.get("state").asString()).isEqualTo("NOT_REQUIRED");
  }

  @Test
  void administratorResetsAUsersTwoFactorAuthentication() throws Exception {
    String user = id("u"), tenant = id("t");
    journeys.enrollTotp(journeys.user(user, tenant, null));

    assertThat(journeys.enrollment.delete("/api/v1/tenants/" + tenant + "/users/" + user + "/factors",
        journeys.tenantAdmin(tenant)).status()).isEqualTo(204);

    assertThat(journeys.startChallenge(id("c"), user, tenant, null).get("state").asString()).isEqualTo("NOT_REQUIRED");
  }

  private static void awaitDelivery(String challenge, String status) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(
        journeys.challenges.get("/api/v1/challenges/" + challenge, journeys.login).body()
            .path("delivery").path("status").asString("")));
  }
}
