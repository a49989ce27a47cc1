package io.twofold.policy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceIntegrationTest(properties = "twofold.policy.outbox-interval=300ms")
class SettingsApiTest {

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
  }

  private long systemVersion() {
    return api.get(SYSTEM, ADMIN).body().get("version").asLong();
  }

  private static Map<String, Object> totp() {
    return Map.of("providerType", "TOTP", "issuerName", "Acme");
  }

  private static Map<String, Object> sms(String template) {
    return Map.of("providerType", "SMS", "smsVerificationMessageTemplate", template, "verificationCodeLifetime", 120);
  }

  private Response putSystem(Map<String, Object> body) {
    var withVersion = new java.util.HashMap<>(body);
    withVersion.putIfAbsent("version", systemVersion());
    return api.put(SYSTEM, ADMIN, withVersion);
  }

  private String tenantPath() {
    return "/api/v1/settings/tenants/" + tenant;
  }

  @Nested
  class SystemSettings {

    @Test
    void updateIsStoredWithDefaultsForOmittedFieldsAndANewVersion() {
      long before = systemVersion();

      Response updated = putSystem(Map.of("providers", List.of(totp(), Map.of("providerType", "EMAIL"))));

      assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
      assertThat(updated.body().get("version").asLong()).isEqualTo(before + 1);
      Response read = api.get(SYSTEM, ADMIN);
      assertThat(read.body().get("providers").get(1).get("verificationCodeLifetime").asInt()).isEqualTo(120);
      assertThat(read.body().get("minVerificationCodeSendPeriod").asInt()).isEqualTo(30);
      assertThat(read.body().get("verificationCodeCheckRateLimit").asString()).isEqualTo("3:900");
      assertThat(read.body().get("maxVerificationFailuresBeforeUserLockout").asInt()).isEqualTo(30);
      assertThat(read.body().get("totalAllowedTimeForVerification").asInt()).isEqualTo(3600);
    }

    @Test
    void staleVersionGets409AndTheNewerChangeIsKept() {
      long read = systemVersion();
      assertThat(api.put(SYSTEM, ADMIN, Map.of("version", read, "providers", List.of(totp()))).status()).isEqualTo(200);

      Response stale = api.put(SYSTEM, ADMIN, Map.of("version", read, "providers", List.of(Map.of("providerType", "EMAIL"))));

      assertThat(stale.status()).isEqualTo(409);
      assertThat(stale.body().get("type").asString()).isEqualTo("urn:twofold:problem:stale-version");
      assertThat(api.get(SYSTEM, ADMIN).body().get("providers").get(0).get("providerType").asString()).isEqualTo("TOTP");
    }

    @Test
    void invalidSettingsGet400NamingEachFieldAndNothingIsStored() {
      long before = systemVersion();

      Response invalid = putSystem(Map.of(
          "providers", List.of(sms("no placeholder"), Map.of("providerType", "BACKUP_CODE", "codesQuantity", 0)),
          "verificationCodeCheckRateLimit", "3:0",
          "minVerificationCodeSendPeriod", 4,
          "totalAllowedTimeForVerification", 59));

      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.errorFields()).containsExactlyInAnyOrder(
          "providers[0].smsVerificationMessageTemplate", "providers[1].codesQuantity",
          "verificationCodeCheckRateLimit", "minVerificationCodeSendPeriod", "totalAllowedTimeForVerification");
      assertThat(systemVersion()).isEqualTo(before);
    }

    @Test
    void backupCodesAloneAndEnforcementWithoutProvidersGet400() {
      Response backupOnly = putSystem(Map.of("providers", List.of(Map.of("providerType", "BACKUP_CODE"))));
      assertThat(backupOnly.status()).isEqualTo(400);
      assertThat(backupOnly.errorFields()).containsExactly("providers");

      Response enforcedNothing = putSystem(Map.of("providers", List.of(), "enforceTwoFa", true,
          "enforcedUsersFilter", Map.of("filterType", "ALL_USERS")));
      assertThat(enforcedNothing.status()).isEqualTo(400);
      assertThat(enforcedNothing.errorFields()).containsExactly("enforceTwoFa");
    }

    @Test
    void unknownProviderTypeOrFieldGets400() {
      Response unknownType = putSystem(Map.of("providers", List.of(Map.of("providerType", "CARRIER_PIGEON"))));
      assertThat(unknownType.status()).isEqualTo(400);
      assertThat(unknownType.body().get("detail").asString()).contains("providerType").contains("TOTP");

      Response typo = putSystem(Map.of("providers", List.of(totp()), "enforceTwoFA", true));
      assertThat(typo.status()).isEqualTo(400);
      assertThat(typo.body().get("detail").asString()).contains("enforceTwoFA");
    }

    @Test
    void missingVersionGets400() {
      Response response = api.put(SYSTEM, ADMIN, Map.of("providers", List.of(totp())));
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.errorFields()).containsExactly("version");
    }
  }

  @Nested
  class TenantSettings {

    @Test
    void unconfiguredTenantUsesTheSystemSettings() {
      Response read = api.get(tenantPath(), ADMIN);

      assertThat(read.status()).isEqualTo(200);
      assertThat(read.body().get("useSystemSettings").asBoolean()).isTrue();
      assertThat(read.body().get("version").asLong()).isZero();
    }

    @Test
    void tenantAdministratorOverridesThenResetsItsTenant() {
      String tenantAdmin = TOKENS.tenantAdmin("ta", tenant);

      Response own = api.put(tenantPath(), tenantAdmin, Map.of("version", 0, "useSystemSettings", false,
          "providers", List.of(sms("Your code: ${code}")), "minVerificationCodeSendPeriod", 60));
      assertThat(own.status()).as(own.body().toString()).isEqualTo(200);
      assertThat(own.body().get("providers").get(0).get("providerType").asString()).isEqualTo("SMS");

      Response reset = api.delete(tenantPath() + "?version=1", tenantAdmin);
      assertThat(reset.status()).isEqualTo(200);
      assertThat(reset.body().get("useSystemSettings").asBoolean()).isTrue();
      assertThat(reset.body().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void tenantAdministratorEnforcesTwoFaForItsOwnUsers() {
      putSystem(Map.of("providers", List.of(totp())));
      String tenantAdmin = TOKENS.tenantAdmin("ta", tenant);

      Response enforced = api.put(tenantPath(), tenantAdmin, Map.of("version", 0, "useSystemSettings", true,
          "enforceTwoFa", true, "enforcedUsersFilter", Map.of("filterType", "ALL_USERS")));
      assertThat(enforced.status()).as(enforced.body().toString()).isEqualTo(200);

      Response decision = api.post("/api/v1/policy/evaluations", TOKENS.internalService("challenge-service"),
          Map.of("userId", "u-1", "authority", "CUSTOMER_USER", "tenantId", tenant));
      assertThat(decision.body().get("enforced").asBoolean()).isTrue();
      assertThat(decision.body().get("reason").asString()).isEqualTo("TENANT_ALL_USERS");
    }

    @Test
    void tenantCannotEnforceForSystemAdministratorsOrOtherTenants() {
      Response response = api.put(tenantPath(), TOKENS.tenantAdmin("ta", tenant), Map.of("version", 0,
          "useSystemSettings", true, "enforceTwoFa", true,
          "enforcedUsersFilter", Map.of("filterType", "SYSTEM_ADMINISTRATORS", "tenantsIds", List.of("other"))));

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.errorFields()).contains("enforcedUsersFilter.filterType", "enforcedUsersFilter");
    }

    @Test
    void providerFieldsWithUseSystemSettingsGet400() {
      Response response = api.put(tenantPath(), ADMIN, Map.of("version", 0, "useSystemSettings", true,
          "providers", List.of(totp())));

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.errorFields()).containsExactly("providers");
      assertThat(api.get(tenantPath(), ADMIN).body().get("version").asLong()).isZero();
    }
  }

  @Nested
  class Evaluation {

    @Test
    void systemEnforcementForTenantAdministratorsOfOneProfile() {
      putSystem(Map.of("providers", List.of(totp()), "enforceTwoFa", true,
          "enforcedUsersFilter", Map.of("filterType", "TENANT_ADMINISTRATORS", "tenantProfilesIds", List.of("gold"))));
      String login = TOKENS.loginService("portal");

      Response gold = api.post("/api/v1/policy/evaluations", login, Map.of(
          "userId", "u-1", "authority", "TENANT_ADMIN", "tenantId", tenant, "tenantProfileId", "gold"));
      Response silver = api.post("/api/v1/policy/evaluations", login, Map.of(
          "userId", "u-2", "authority", "TENANT_ADMIN", "tenantId", tenant, "tenantProfileId", "silver"));

      assertThat(gold.body().get("enforced").asBoolean()).isTrue();
      assertThat(gold.body().get("reason").asString()).isEqualTo("TENANT_ADMINISTRATORS_OF_TENANT_PROFILE");
      assertThat(gold.body().get("providers").get(0).get("issuerName").asString()).isEqualTo("Acme");
      assertThat(silver.body().get("enforced").asBoolean()).isFalse();
    }

    @Test
    void tenantUserWithoutTenantGets400() {
      Response response = api.post("/api/v1/policy/evaluations", TOKENS.internalService("x"),
          Map.of("userId", "u-1", "authority", "TENANT_ADMIN"));
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.errorFields()).containsExactly("tenantId");
    }
  }

  @Nested
  class Authorization {

    @Test
    void noTokenIs401() {
      assertThat(api.get(SYSTEM, null).status()).isEqualTo(401);
      assertThat(api.get(tenantPath(), null).status()).isEqualTo(401);
      assertThat(api.post("/api/v1/policy/evaluations", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void tenantAdministratorCannotTouchSystemSettings() {
      String tenantAdmin = TOKENS.tenantAdmin("ta", tenant);
      assertThat(api.get(SYSTEM, tenantAdmin).status()).isEqualTo(403);
      assertThat(api.put(SYSTEM, tenantAdmin, Map.of("version", 0, "providers", List.of(totp()))).status()).isEqualTo(403);
    }

    @Test
    void tenantAdministratorCannotReadOrChangeAnotherTenant() {
      String otherAdmin = TOKENS.tenantAdmin("mallory", "another-tenant");
      assertThat(api.get(tenantPath(), otherAdmin).status()).isEqualTo(403);
      assertThat(api.put(tenantPath(), otherAdmin, Map.of("version", 0, "useSystemSettings", true)).status()).isEqualTo(403);
      assertThat(api.delete(tenantPath() + "?version=0", otherAdmin).status()).isEqualTo(403);
      assertThat(api.get(tenantPath(), ADMIN).body().get("version").asLong()).isZero();
    }

    @Test
    void customerUserCannotTouchSettings() {
      String customer = TOKENS.customerUser("cu", tenant, "c-1");
      assertThat(api.get(SYSTEM, customer).status()).isEqualTo(403);
      assertThat(api.get(tenantPath(), customer).status()).isEqualTo(403);
      assertThat(api.put(tenantPath(), customer, Map.of("version", 0, "useSystemSettings", true)).status()).isEqualTo(403);
    }

    @Test
    void loginServiceMayEvaluateButNotReadSettings() {
      String login = TOKENS.loginService("portal");
      assertThat(api.get(SYSTEM, login).status()).isEqualTo(403);
      assertThat(api.post("/api/v1/policy/evaluations", login,
          Map.of("userId", "u", "authority", "SYS_ADMIN")).status()).isEqualTo(200);
    }

    @Test
    void customerUserCannotEvaluate() {
      Response response = api.post("/api/v1/policy/evaluations", TOKENS.customerUser("cu", tenant, "c"),
          Map.of("userId", "u", "authority", "CUSTOMER_USER", "tenantId", tenant));
      assertThat(response.status()).isEqualTo(403);
    }
  }

  @Test
  void changesAndEvaluationsAreCountedInMetrics() {
    putSystem(Map.of("providers", List.of(totp())));
    putSystem(Map.of("providers", List.of(Map.of("providerType", "BACKUP_CODE"))));
    api.post("/api/v1/policy/evaluations", TOKENS.internalService("x"), Map.of("userId", "u", "authority", "SYS_ADMIN"));

    String metrics = api.getText("/actuator/prometheus", TOKENS.metricsScraper("prometheus"));

    assertThat(metrics).containsPattern("twofold_policy_changes_total\\{[^}]*outcome=\"updated\"[^}]*scope=\"system\"");
    assertThat(metrics).containsPattern("twofold_policy_changes_total\\{[^}]*outcome=\"invalid\"");
    assertThat(metrics).containsPattern("twofold_policy_evaluations_total\\{[^}]*enforced=\"(true|false)\"");
  }

  @Test
  void apiDocumentationIsServed() {
    Response docs = api.get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().get("paths").has("/api/v1/settings/system")).isTrue();
  }
}
