package io.twofold.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.security.Authority;
import io.twofold.policy.domain.EnforcedUsersFilter.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluation matrix: each system filter (and its tenant / tenant-profile selections) × each
 * authority × tenant override on/off, then the tenant's own enforcement. Expected outcomes are
 * written out, row by row, rather than computed by a second copy of the rules.
 */
class PolicyEvaluatorTest {

  private static final String TENANT = "t-1";
  private static final String PROFILE = "p-1";

  private static final TwoFaSettings SYSTEM_PROVIDERS = new TwoFaSettings(
      List.of(new ProviderSettings.Totp("Twofold"), new ProviderSettings.Email(120)),
      30, "3:900", 30, 3600, false, Optional.empty());

  private static final TwoFaSettings TENANT_PROVIDERS = new TwoFaSettings(
      List.of(new ProviderSettings.Sms(300, "Code: ${code}")), 60, "2:1800", 10, 1800, false, Optional.empty());

  /** System filters under test, by name. */
  private static Optional<EnforcedUsersFilter> systemFilter(String name) {
    return switch (name) {
      case "NONE" -> Optional.empty();
      case "ALL_USERS" -> Optional.of(EnforcedUsersFilter.of(Type.ALL_USERS));
      case "SYSTEM_ADMINISTRATORS" -> Optional.of(EnforcedUsersFilter.of(Type.SYSTEM_ADMINISTRATORS));
      case "TA_ALL" -> Optional.of(EnforcedUsersFilter.of(Type.TENANT_ADMINISTRATORS));
      case "TA_TENANT_SELECTED" -> Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of(TENANT, "t-9"), Set.of()));
      case "TA_TENANT_OTHER" -> Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of("t-9"), Set.of()));
      case "TA_PROFILE_SELECTED" -> Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of(), Set.of(PROFILE)));
      case "TA_PROFILE_OTHER" -> Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of(), Set.of("p-9")));
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static TwoFaSettings system(Optional<EnforcedUsersFilter> filter) {
    return new TwoFaSettings(SYSTEM_PROVIDERS.providers(), 30, "3:900", 30, 3600, filter.isPresent(), filter);
  }

  private static Optional<TenantSettings> tenant(boolean override, Optional<EnforcedUsersFilter> enforcement) {
    return Optional.of(new TenantSettings(TENANT, !override,
        override ? Optional.of(TENANT_PROVIDERS) : Optional.empty(), enforcement));
  }

  private static PolicyDecision evaluate(Authority authority, TwoFaSettings system, Optional<TenantSettings> tenant) {
    String tenantId = authority == Authority.SYS_ADMIN ? null : TENANT;
    return PolicyEvaluator.evaluate(
        new EvaluationRequest("u-1", authority, tenantId, PROFILE, authority == Authority.CUSTOMER_USER ? "c-1" : null),
        new PolicyState(system, 4, tenant, 7));
  }

  @ParameterizedTest(name = "system filter {0}, {1}, tenant override {2} -> enforced {3} ({4})")
  @CsvSource({
      "NONE,                  SYS_ADMIN,     false, false, NOT_ENFORCED",
      "NONE,                  SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "NONE,                  TENANT_ADMIN,  false, false, NOT_ENFORCED",
      "NONE,                  TENANT_ADMIN,  true,  false, NOT_ENFORCED",
      "NONE,                  CUSTOMER_USER, false, false, NOT_ENFORCED",
      "NONE,                  CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "ALL_USERS,             SYS_ADMIN,     false, true,  ALL_USERS",
      "ALL_USERS,             SYS_ADMIN,     true,  true,  ALL_USERS",
      "ALL_USERS,             TENANT_ADMIN,  false, true,  ALL_USERS",
      "ALL_USERS,             TENANT_ADMIN,  true,  true,  ALL_USERS",
      "ALL_USERS,             CUSTOMER_USER, false, true,  ALL_USERS",
      "ALL_USERS,             CUSTOMER_USER, true,  true,  ALL_USERS",
      "SYSTEM_ADMINISTRATORS, SYS_ADMIN,     false, true,  SYSTEM_ADMINISTRATORS",
      "SYSTEM_ADMINISTRATORS, SYS_ADMIN,     true,  true,  SYSTEM_ADMINISTRATORS",
      "SYSTEM_ADMINISTRATORS, TENANT_ADMIN,  false, false, NOT_ENFORCED",
      "SYSTEM_ADMINISTRATORS, TENANT_ADMIN,  true,  false, NOT_ENFORCED",
      "SYSTEM_ADMINISTRATORS, CUSTOMER_USER, false, false, NOT_ENFORCED",
      "SYSTEM_ADMINISTRATORS, CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "TA_ALL,                SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TA_ALL,                SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TA_ALL,                TENANT_ADMIN,  false, true,  TENANT_ADMINISTRATORS",
      "TA_ALL,                TENANT_ADMIN,  true,  true,  TENANT_ADMINISTRATORS",
      "TA_ALL,                CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TA_ALL,                CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "TA_TENANT_SELECTED,    SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TA_TENANT_SELECTED,    SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TA_TENANT_SELECTED,    TENANT_ADMIN,  false, true,  TENANT_ADMINISTRATORS_OF_TENANT",
      "TA_TENANT_SELECTED,    TENANT_ADMIN,  true,  true,  TENANT_ADMINISTRATORS_OF_TENANT",
      "TA_TENANT_SELECTED,    CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TA_TENANT_SELECTED,    CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       TENANT_ADMIN,  false, false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       TENANT_ADMIN,  true,  false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TA_TENANT_OTHER,       CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "TA_PROFILE_SELECTED,   SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TA_PROFILE_SELECTED,   SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TA_PROFILE_SELECTED,   TENANT_ADMIN,  false, true,  TENANT_ADMINISTRATORS_OF_TENANT_PROFILE",
      "TA_PROFILE_SELECTED,   TENANT_ADMIN,  true,  true,  TENANT_ADMINISTRATORS_OF_TENANT_PROFILE",
      "TA_PROFILE_SELECTED,   CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TA_PROFILE_SELECTED,   CUSTOMER_USER, true,  false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      TENANT_ADMIN,  false, false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      TENANT_ADMIN,  true,  false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TA_PROFILE_OTHER,      CUSTOMER_USER, true,  false, NOT_ENFORCED",
  })
  void systemEnforcementMatrix(String filter, Authority authority, boolean override, boolean enforced, EnforcementReason reason) {
    PolicyDecision decision = evaluate(authority, system(systemFilter(filter)), tenant(override, Optional.empty()));

    assertThat(decision.enforced()).isEqualTo(enforced);
    assertThat(decision.reason()).isEqualTo(reason);
    boolean tenantScope = override && authority != Authority.SYS_ADMIN;
    assertThat(decision.scopeKey()).isEqualTo(tenantScope ? "tenant:" + TENANT : "system");
    assertThat(decision.effective().providers())
        .isEqualTo(tenantScope ? TENANT_PROVIDERS.providers() : SYSTEM_PROVIDERS.providers());
  }

  @ParameterizedTest(name = "tenant enforces {0}, {1}, tenant override {2} -> enforced {3} ({4})")
  @CsvSource({
      "ALL_USERS,             SYS_ADMIN,     false, false, NOT_ENFORCED",
      "ALL_USERS,             SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "ALL_USERS,             TENANT_ADMIN,  false, true,  TENANT_ALL_USERS",
      "ALL_USERS,             TENANT_ADMIN,  true,  true,  TENANT_ALL_USERS",
      "ALL_USERS,             CUSTOMER_USER, false, true,  TENANT_ALL_USERS",
      "ALL_USERS,             CUSTOMER_USER, true,  true,  TENANT_ALL_USERS",
      "TENANT_ADMINISTRATORS, SYS_ADMIN,     false, false, NOT_ENFORCED",
      "TENANT_ADMINISTRATORS, SYS_ADMIN,     true,  false, NOT_ENFORCED",
      "TENANT_ADMINISTRATORS, TENANT_ADMIN,  false, true,  TENANT_OWN_ADMINISTRATORS",
      "TENANT_ADMINISTRATORS, TENANT_ADMIN,  true,  true,  TENANT_OWN_ADMINISTRATORS",
      "TENANT_ADMINISTRATORS, CUSTOMER_USER, false, false, NOT_ENFORCED",
      "TENANT_ADMINISTRATORS, CUSTOMER_USER, true,  false, NOT_ENFORCED",
  })
  void tenantEnforcementMatrix(Type tenantFilter, Authority authority, boolean override, boolean enforced, EnforcementReason reason) {
    PolicyDecision decision = evaluate(authority, system(Optional.empty()),
        tenant(override, Optional.of(EnforcedUsersFilter.of(tenantFilter))));

    assertThat(decision.enforced()).isEqualTo(enforced);
    assertThat(decision.reason()).isEqualTo(reason);
  }

  @Nested
  class EffectiveSettings {

    @Test
    void tenantOverrideSuppliesProvidersAndLimits() {
      PolicyDecision decision = evaluate(Authority.CUSTOMER_USER, system(Optional.empty()), tenant(true, Optional.empty()));

      assertThat(decision.effective()).isEqualTo(TENANT_PROVIDERS);
      assertThat(decision.tenantVersion()).isEqualTo(7);
      assertThat(decision.systemVersion()).isEqualTo(4);
    }

    @Test
    void looserTenantLimitsAreHeldToTheSystemsLimitByLimit() {
      TwoFaSettings strictSystem = new TwoFaSettings(List.of(new ProviderSettings.Sms(60, "S ${code}")),
          90, "1:3600", 5, 600, false, Optional.empty());
      TwoFaSettings looseTenant = new TwoFaSettings(List.of(new ProviderSettings.Sms(300, "T ${code}"),
          new ProviderSettings.Email(500)), 30, "5:60", 0, 3600, false, Optional.empty());

      PolicyDecision decision = PolicyEvaluator.evaluate(
          new EvaluationRequest("u-1", Authority.CUSTOMER_USER, TENANT, PROFILE, "c-1"),
          new PolicyState(strictSystem, 4, Optional.of(new TenantSettings(TENANT, false, Optional.of(looseTenant),
              Optional.empty())), 7));

      assertThat(decision.effective()).isEqualTo(new TwoFaSettings(List.of(new ProviderSettings.Sms(60, "T ${code}"),
          new ProviderSettings.Email(500)), 90, "1:3600", 5, 600, false, Optional.empty()));
    }

    @Test
    void unconfiguredTenantInheritsTheSystemSettings() {
      PolicyDecision decision = evaluate(Authority.TENANT_ADMIN, system(Optional.empty()), Optional.empty());

      assertThat(decision.scopeKey()).isEqualTo("system");
      assertThat(decision.effective().providers()).isEqualTo(SYSTEM_PROVIDERS.providers());
    }

    @Test
    void systemAdministratorsIgnoreTenantSettings() {
      PolicyDecision decision = evaluate(Authority.SYS_ADMIN, system(Optional.empty()),
          tenant(true, Optional.of(EnforcedUsersFilter.of(Type.ALL_USERS))));

      assertThat(decision.scopeKey()).isEqualTo("system");
      assertThat(decision.enforced()).isFalse();
      assertThat(decision.tenantVersion()).isZero();
    }

    @Test
    void tenantOverrideWithoutProvidersCannotSwitchOffSystemEnforcement() {
      TwoFaSettings nothingEnabled = new TwoFaSettings(List.of(), 30, "3:900", 30, 3600, false, Optional.empty());
      Optional<TenantSettings> optOut = Optional.of(new TenantSettings(TENANT, false, Optional.of(nothingEnabled), Optional.empty()));

      PolicyDecision decision = evaluate(Authority.TENANT_ADMIN, system(systemFilter("TA_ALL")), optOut);

      assertThat(decision.enforced()).isTrue();
      assertThat(decision.scopeKey()).isEqualTo("system");
      assertThat(decision.effective().providers()).isEqualTo(SYSTEM_PROVIDERS.providers());
    }

    @Test
    void enforcementWithoutAnyUsableProviderIsReportedAndNotEnforced() {
      TwoFaSettings onlyBackup = new TwoFaSettings(List.of(new ProviderSettings.BackupCode(10)), 30, "3:900", 30, 3600,
          true, Optional.of(EnforcedUsersFilter.of(Type.ALL_USERS)));

      PolicyDecision decision = evaluate(Authority.TENANT_ADMIN, onlyBackup, Optional.empty());

      assertThat(decision.enforced()).isFalse();
      assertThat(decision.reason()).isEqualTo(EnforcementReason.NO_PROVIDERS_ENABLED);
    }

    @Test
    void profileFilterDoesNotMatchAUserWithoutProfile() {
      PolicyDecision decision = PolicyEvaluator.evaluate(
          new EvaluationRequest("u-1", Authority.TENANT_ADMIN, TENANT, null, null),
          new PolicyState(system(systemFilter("TA_PROFILE_SELECTED")), 1, Optional.empty(), 0));

      assertThat(decision.enforced()).isFalse();
    }
  }
}
