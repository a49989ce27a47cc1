package io.twofold.challenge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twofold.testsupport.TwofoldInfrastructure;

/** policy-service and enrollment-service played by WireMock: their answers, per tenant and user. */
final class ChallengeStubs {

  static final String ENFORCED = "enforced-tenant";
  static final String LOCKOUT_AT_5 = "lockout-tenant";
  static final String SHORT_LIVED = "short-tenant";
  static final String POLICY_DOWN = "down-tenant";
  /** SMS and email codes live one second. */
  static final String SHORT_CODES = "short-codes-tenant";
  /** SMS codes go to Polish numbers only (the stubbed user's phone is Ukrainian). */
  static final String PL_ONLY_SMS = "pl-only-sms-tenant";
  /** Every provider but backup codes. */
  static final String NO_BACKUP_CODES = "no-backup-codes-tenant";

  private static final String PROVIDERS = """
      [{"providerType":"TOTP","issuerName":"Acme"},
       {"providerType":"SMS","smsVerificationMessageTemplate":"Acme: ${code}","verificationCodeLifetime":300},
       {"providerType":"EMAIL","verificationCodeLifetime":300},
       {"providerType":"BACKUP_CODE","codesQuantity":10}]""";

  private ChallengeStubs() {}

  private static WireMockServer wireMock() {
    return TwofoldInfrastructure.get().wireMock();
  }

  static void policy() {
    String path = "/policy/api/v1/policy/evaluations";
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(9).willReturn(policy(false, "3:900", 30, 3600)));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(ENFORCED))
        .willReturn(policy(true, "3:900", 30, 3600)));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(LOCKOUT_AT_5))
        .willReturn(policy(false, "", 5, 3600)));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(SHORT_LIVED))
        .willReturn(policy(false, "3:900", 30, 1)));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(POLICY_DOWN))
        .willReturn(aResponse().withStatus(503)));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(PL_ONLY_SMS))
        .willReturn(policy(false, "3:900", 30, 3600, PROVIDERS.replace("${code}\",\"verificationCodeLifetime\":300}",
            "${code}\",\"verificationCodeLifetime\":300,\"smsAllowedCountries\":[\"PL\"]}"))));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(NO_BACKUP_CODES))
        .willReturn(policy(false, "3:900", 30, 3600,
            PROVIDERS.replaceAll(",\\s*\\{\"providerType\":\"BACKUP_CODE\"[^}]*}", ""))));
    wireMock().stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(containing(SHORT_CODES))
        .willReturn(policy(false, "3:900", 30, 3600, PROVIDERS.replace("\"verificationCodeLifetime\":300",
            "\"verificationCodeLifetime\":1"))));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder policy(
      boolean enforced, String checkLimit, int maxFailures, int totalTime) {
    return policy(enforced, checkLimit, maxFailures, totalTime, PROVIDERS);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder policy(
      boolean enforced, String checkLimit, int maxFailures, int totalTime, String providers) {
    return aResponse().withHeader("Content-Type", "application/json").withBody("""
        {"scope":"system","enforced":%s,"reason":"%s","providers":%s,"minVerificationCodeSendPeriod":5,
         "verificationCodeCheckRateLimit":"%s","maxVerificationFailuresBeforeUserLockout":%d,
         "totalAllowedTimeForVerification":%d,"systemVersion":1,"tenantVersion":0}"""
        .formatted(enforced, enforced ? "ALL_USERS" : "NOT_ENFORCED", providers, checkLimit, maxFailures, totalTime));
  }

  /** The user has an email factor (default), a phone and a TOTP app, and backup codes. */
  static void factors(String userId) {
    wireMock().stubFor(get(urlPathEqualTo("/enrollment/internal/v1/users/" + userId + "/factors"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
            {"factors":[
              {"id":"f-email","type":"EMAIL","label":"Email","isDefault":true,"destination":"jane@example.com","maskedDestination":"j***@example.com"},
              {"id":"f-sms","type":"SMS","label":"Phone","isDefault":false,"destination":"+380501234512","maskedDestination":"+38******12"},
              {"id":"f-totp","type":"TOTP","label":"App","isDefault":false,"destination":null,"maskedDestination":null}],
             "backupCodesLeft":3}""")));
    wireMock().stubFor(post(urlEqualTo("/enrollment/internal/v1/users/" + userId + "/totp-verifications")).atPriority(9)
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"verified\":false}")));
    wireMock().stubFor(post(urlEqualTo("/enrollment/internal/v1/users/" + userId + "/totp-verifications")).atPriority(1)
        .withRequestBody(containing("\"246810\""))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"verified\":true,\"factorId\":\"f-totp\"}")));
  }

  /**
   * The user has an old phone, a new phone made the default since, and an email address: as
   * enrollment lists them, oldest first.
   */
  static void twoPhones(String userId) {
    wireMock().stubFor(get(urlPathEqualTo("/enrollment/internal/v1/users/" + userId + "/factors"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
            {"factors":[
              {"id":"f-old-phone","type":"SMS","label":"Old phone","isDefault":false,"destination":"+380501111111","maskedDestination":"+38******11"},
              {"id":"f-email","type":"EMAIL","label":"Email","isDefault":false,"destination":"jane@example.com","maskedDestination":"j***@example.com"},
              {"id":"f-new-phone","type":"SMS","label":"New phone","isDefault":true,"destination":"+380502222222","maskedDestination":"+38******22"}],
             "backupCodesLeft":0}""")));
  }

  static void noFactors(String userId) {
    wireMock().stubFor(get(urlPathEqualTo("/enrollment/internal/v1/users/" + userId + "/factors"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"factors\":[],\"backupCodesLeft\":0}")));
  }
}
