package io.twofold.policy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Brute-force limits that a tenant override could switch off or loosen, settings without upper
 * bounds, and administrator powers carried by enrollment-only tokens (issue 13, findings 3 and 6).
 */
@ServiceIntegrationTest(properties = "twofold.policy.outbox-interval=300ms")
class PolicyTrustModelTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private static final String ADMIN = TOKENS.sysAdmin("root");
  private static final String SYSTEM = "/api/v1/settings/system";

  @LocalServerPort int port;
  ApiClient api;
  String tenant;

  @BeforeEach
  void setUp() {
    api = ApiClient.local(port);
    tenant = "tenant-" + UUID.randomUUID();
    assertThat(putSystem(Map.of()).status()).isEqualTo(200);
  }

  @AfterEach
  void restoreDefaults() {
    putSystem(Map.of());
  }

  /** System settings: TOTP and SMS (120 s codes) with the documented default limits, plus changes. */
  private Response putSystem(Map<String, Object> changes) {
    Map<String, Object> body = new HashMap<>(Map.of(
        "version", api.get(SYSTEM, ADMIN).body().get("version").asLong(),
        "providers", List.of(Map.of("providerType", "TOTP", "issuerName", "Acme"),
            Map.of("providerType", "SMS", "verificationCodeLifetime", 120)),
        "minVerificationCodeSendPeriod", 30, "verificationCodeCheckRateLimit", "3:900",
        "maxVerificationFailuresBeforeUserLockout", 30, "totalAllowedTimeForVerification", 3600));
    body.putAll(changes);
    return api.put(SYSTEM, ADMIN, body);
  }

  /** The tenant's own settings: the system's values, plus changes. */
  private Response putTenant(Map<String, Object> changes) {
    Map<String, Object> body = new HashMap<>(Map.of(
        "version", api.get(tenantPath(), ADMIN).body().get("version").asLong(), "useSystemSettings", false,
        "providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 120)),
        "minVerificationCodeSendPeriod", 30, "verificationCodeCheckRateLimit", "3:900",
        "maxVerificationFailuresBeforeUserLockout", 30, "totalAllowedTimeForVerification", 3600));
    body.putAll(changes);
    return api.put(tenantPath(), TOKENS.tenantAdmin("ta", tenant), body);
  }

  private String tenantPath() {
    return "/api/v1/settings/tenants/" + tenant;
  }

  private Response evaluate() {
    return api.post("/api/v1/policy/evaluations", TOKENS.internalService("challenge-service"),
        Map.of("userId", "u-1", "authority", "CUSTOMER_USER", "tenantId", tenant));
  }

  /** Issue 18: the countries whose numbers may get SMS codes, against SMS pumping. */
  @Nested
  class SmsCountries {

    private Map<String, Object> smsTo(List<String> countries) {
      return Map.of("providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 120,
          "smsAllowedCountries", countries)));
    }

    private JsonNode evaluatedSms() {
      for (JsonNode provider : evaluate().body().get("providers")) {
        if (provider.get("providerType").asString().equals("SMS")) {
          return provider;
        }
      }
      throw new AssertionError("SMS is not enabled");
    }

    @Test
    void aTenantsAllowListIsStoredAndEvaluatedAndNoListMeansEveryCountry() {
      assertThat(putTenant(Map.of()).status()).isEqualTo(200);
      assertThat(evaluatedSms().has("smsAllowedCountries")).isFalse();

      assertThat(putTenant(smsTo(List.of("UA", "PL"))).status()).isEqualTo(200);

      assertThat(evaluatedSms().get("smsAllowedCountries").valueStream().map(JsonNode::asString))
          .containsExactly("UA", "PL");
      assertThat(api.get(tenantPath(), ADMIN).body().path("providers").get(0).get("smsAllowedCountries")
          .valueStream().map(JsonNode::asString)).containsExactly("UA", "PL");
    }

    @Test
    void unknownLowerCaseRepeatedOrNoCountriesGet400NamingTheField() {
      for (List<String> wrong : List.of(List.of("XX"), List.of("ua"), List.of("UA", "UA"), List.<String>of(),
          List.of("UKR"))) {
        Response refused = putTenant(smsTo(wrong));
        assertThat(refused.status()).as(wrong.toString()).isEqualTo(400);
        assertThat(refused.errorFields()).as(wrong.toString()).containsExactly("providers[0].smsAllowedCountries");
      }
    }

    @Test
    void aTenantMayNarrowTheSystemsListButNotWidenIt() {
      assertThat(putSystem(Map.of("providers", List.of(Map.of("providerType", "TOTP", "issuerName", "Acme"),
          Map.of("providerType", "SMS", "verificationCodeLifetime", 120, "smsAllowedCountries", List.of("UA", "PL")))))
          .status()).isEqualTo(200);

      Response wider = putTenant(smsTo(List.of("UA", "GB")));
      assertThat(wider.status()).isEqualTo(400);
      assertThat(wider.errorFields()).containsExactly("providers[0].smsAllowedCountries");
      assertThat(wider.body().toString()).contains("GB");
      assertThat(putTenant(Map.of()).errorFields()).as("no list is every country: wider than the system's")
          .containsExactly("providers[0].smsAllowedCountries");

      assertThat(putTenant(smsTo(List.of("PL"))).status()).isEqualTo(200);
      assertThat(evaluatedSms().get("smsAllowedCountries").valueStream().map(JsonNode::asString)).containsExactly("PL");
    }
  }

  @Nested
  class Floors {

    @Test
    void aTenantCannotSwitchOffBothTheCheckRateLimitAndLockout() {
      Response off = putTenant(Map.of("verificationCodeCheckRateLimit", "", "maxVerificationFailuresBeforeUserLockout", 0));

      assertThat(off.status()).isEqualTo(400);
      assertThat(off.errorFields()).contains("verificationCodeCheckRateLimit", "maxVerificationFailuresBeforeUserLockout");
      assertThat(evaluate().body().get("verificationCodeCheckRateLimit").asString()).isEqualTo("3:900");
    }

    @Test
    void theSystemCannotSwitchOffBothEither() {
      Response off = putSystem(Map.of("verificationCodeCheckRateLimit", "", "maxVerificationFailuresBeforeUserLockout", 0));

      assertThat(off.status()).isEqualTo(400);
      assertThat(off.errorFields()).contains("verificationCodeCheckRateLimit");
    }

    @Test
    void aTenantCanTightenButNotLoosenEachLimit() {
      Map<String, Map<String, Object>> looser = Map.of(
          "minVerificationCodeSendPeriod", Map.of("minVerificationCodeSendPeriod", 10),
          "verificationCodeCheckRateLimit", Map.of("verificationCodeCheckRateLimit", "5:900"),
          "maxVerificationFailuresBeforeUserLockout", Map.of("maxVerificationFailuresBeforeUserLockout", 50),
          "totalAllowedTimeForVerification", Map.of("totalAllowedTimeForVerification", 7200),
          "providers[0].verificationCodeLifetime",
          Map.of("providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 300))));
      looser.forEach((field, change) -> {
        Response refused = putTenant(change);
        assertThat(refused.status()).as(field).isEqualTo(400);
        assertThat(refused.errorFields()).as(field).containsExactly(field);
      });
      Response shorterWindow = putTenant(Map.of("verificationCodeCheckRateLimit", "3:60"));
      assertThat(shorterWindow.errorFields()).containsExactly("verificationCodeCheckRateLimit");
      Response lockoutNever = putTenant(Map.of("maxVerificationFailuresBeforeUserLockout", 0));
      assertThat(lockoutNever.errorFields()).containsExactly("maxVerificationFailuresBeforeUserLockout");

      Response tighter = putTenant(Map.of("minVerificationCodeSendPeriod", 60, "verificationCodeCheckRateLimit", "2:1800",
          "maxVerificationFailuresBeforeUserLockout", 10, "totalAllowedTimeForVerification", 1800,
          "providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 60))));
      assertThat(tighter.status()).as(String.valueOf(tighter.body())).isEqualTo(200);
    }

    @Test
    void evaluationHoldsATenantToTheSystemsLimitsWhenTheSystemTightensLater() {
      assertThat(putTenant(Map.of()).status()).isEqualTo(200);

      assertThat(putSystem(Map.of("minVerificationCodeSendPeriod", 60, "verificationCodeCheckRateLimit", "2:1800",
          "maxVerificationFailuresBeforeUserLockout", 10, "totalAllowedTimeForVerification", 1800,
          "providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 60)))).status()).isEqualTo(200);

      var effective = evaluate().body();
      assertThat(effective.get("scope").asString()).isEqualTo("tenant:" + tenant);
      assertThat(effective.get("minVerificationCodeSendPeriod").asInt()).isEqualTo(60);
      assertThat(effective.get("verificationCodeCheckRateLimit").asString()).isEqualTo("2:1800");
      assertThat(effective.get("maxVerificationFailuresBeforeUserLockout").asInt()).isEqualTo(10);
      assertThat(effective.get("totalAllowedTimeForVerification").asInt()).isEqualTo(1800);
      assertThat(effective.get("providers").get(0).get("verificationCodeLifetime").asInt()).isEqualTo(60);
    }
  }

  @Nested
  class Ceilings {

    @Test
    void everyLimitHasADocumentedMaximum() {
      Response refused = putSystem(Map.of(
          "providers", List.of(Map.of("providerType", "TOTP", "issuerName", "A".repeat(65)),
              Map.of("providerType", "SMS", "verificationCodeLifetime", 601)),
          "verificationCodeCheckRateLimit", "11:900",
          "maxVerificationFailuresBeforeUserLockout", 101,
          "totalAllowedTimeForVerification", 14_401));

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorFields()).containsExactlyInAnyOrder("providers[0].issuerName",
          "providers[1].verificationCodeLifetime", "verificationCodeCheckRateLimit",
          "maxVerificationFailuresBeforeUserLockout", "totalAllowedTimeForVerification");
    }

    @Test
    void theMaximumsThemselvesAreAccepted() {
      Response accepted = putSystem(Map.of(
          "providers", List.of(Map.of("providerType", "TOTP", "issuerName", "A".repeat(64)),
              Map.of("providerType", "SMS", "verificationCodeLifetime", 600)),
          "verificationCodeCheckRateLimit", "10:86400",
          "maxVerificationFailuresBeforeUserLockout", 100,
          "totalAllowedTimeForVerification", 14_400));

      assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(200);
    }
  }

  @Test
  void enrollmentOnlyTokensCarryNoAdministratorPowers() {
    String enrollOnlyRoot = TOKENS.subject("attacker").authority("SYS_ADMIN").scope(Tokens.ENROLL).mint();
    String enrollOnlyAdmin = TOKENS.subject("attacker").tenant(tenant).authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();
    long version = api.get(SYSTEM, ADMIN).body().get("version").asLong();

    assertThat(api.get(SYSTEM, enrollOnlyRoot).status()).isEqualTo(403);
    assertThat(api.put(SYSTEM, enrollOnlyRoot, Map.of("version", version, "providers", List.of())).status()).isEqualTo(403);
    assertThat(api.put(tenantPath(), enrollOnlyAdmin, Map.of("version", 0, "useSystemSettings", true)).status())
        .isEqualTo(403);
    assertThat(api.get(SYSTEM, ADMIN).body().get("version").asLong()).isEqualTo(version);
  }
}
