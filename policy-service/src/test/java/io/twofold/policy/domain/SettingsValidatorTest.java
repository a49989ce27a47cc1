package io.twofold.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.policy.domain.EnforcedUsersFilter.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsValidatorTest {

  private static final ProviderSettings TOTP = new ProviderSettings.Totp("Twofold");

  private static TwoFaSettings settings(List<ProviderSettings> providers) {
    return new TwoFaSettings(providers, 30, "3:900", 30, 3600, false, Optional.empty());
  }

  private static List<String> fields(List<FieldProblem> problems) {
    return problems.stream().map(FieldProblem::field).toList();
  }

  @Test
  void acceptsDefaultsAndAFullConfiguration() {
    assertThat(SettingsValidator.validateSystem(TwoFaSettings.defaults())).isEmpty();
    assertThat(SettingsValidator.validateSystem(settings(List.of(TOTP,
        new ProviderSettings.Sms(120, "Code ${code}"), new ProviderSettings.Email(120),
        new ProviderSettings.BackupCode(10))))).isEmpty();
  }

  @Test
  void namesEveryBadFieldAtOnce() {
    TwoFaSettings bad = new TwoFaSettings(
        List.of(new ProviderSettings.Sms(0, "no placeholder"), new ProviderSettings.BackupCode(51)),
        4, "3:0", -1, 59, false, Optional.empty());

    assertThat(fields(SettingsValidator.validateSystem(bad))).containsExactlyInAnyOrder(
        "providers[0].verificationCodeLifetime",
        "providers[0].smsVerificationMessageTemplate",
        "providers[1].codesQuantity",
        "minVerificationCodeSendPeriod",
        "verificationCodeCheckRateLimit",
        "maxVerificationFailuresBeforeUserLockout",
        "totalAllowedTimeForVerification");
  }

  @Test
  void backupCodesAloneAreRefused() {
    assertThat(fields(SettingsValidator.validateSystem(settings(List.of(new ProviderSettings.BackupCode(10))))))
        .containsExactly("providers");
  }

  @Test
  void duplicateProviderIsRefused() {
    assertThat(fields(SettingsValidator.validateSystem(settings(List.of(TOTP, TOTP)))))
        .containsExactly("providers[1].providerType");
  }

  @Test
  void blankIssuerIsRefused() {
    assertThat(fields(SettingsValidator.validateSystem(settings(List.of(new ProviderSettings.Totp(" "))))))
        .containsExactly("providers[0].issuerName");
  }

  @Test
  void emptyCheckRateLimitMeansNoneAndIsValid() {
    TwoFaSettings noLimit = new TwoFaSettings(List.of(TOTP), 30, "", 30, 3600, false, Optional.empty());
    assertThat(SettingsValidator.validateSystem(noLimit)).isEmpty();
  }

  @Test
  void enforcementWithoutProvidersIsRefused() {
    TwoFaSettings enforced = new TwoFaSettings(List.of(), 30, "3:900", 30, 3600, true,
        Optional.of(EnforcedUsersFilter.of(Type.ALL_USERS)));
    assertThat(fields(SettingsValidator.validateSystem(enforced))).containsExactly("enforceTwoFa");
  }

  @Test
  void enforcementNeedsAFilterAndOneKindOfSelection() {
    TwoFaSettings noFilter = new TwoFaSettings(List.of(TOTP), 30, "3:900", 30, 3600, true, Optional.empty());
    assertThat(fields(SettingsValidator.validateSystem(noFilter))).containsExactly("enforcedUsersFilter");

    TwoFaSettings both = new TwoFaSettings(List.of(TOTP), 30, "3:900", 30, 3600, true,
        Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of("t"), Set.of("p"))));
    assertThat(fields(SettingsValidator.validateSystem(both))).containsExactly("enforcedUsersFilter");
  }

  @Test
  void tenantMayEnforceOnlyForItsOwnUsers() {
    TenantSettings sysAdmins = new TenantSettings("t", true, Optional.empty(),
        Optional.of(EnforcedUsersFilter.of(Type.SYSTEM_ADMINISTRATORS)));
    assertThat(fields(SettingsValidator.validateTenant(sysAdmins, settings(List.of(TOTP)))))
        .containsExactly("enforcedUsersFilter.filterType");

    TenantSettings otherTenants = new TenantSettings("t", true, Optional.empty(),
        Optional.of(new EnforcedUsersFilter(Type.TENANT_ADMINISTRATORS, Set.of("t-2"), Set.of())));
    assertThat(fields(SettingsValidator.validateTenant(otherTenants, settings(List.of(TOTP)))))
        .containsExactly("enforcedUsersFilter");
  }

  @Test
  void tenantInheritingSystemSettingsCannotEnforceWhileTheSystemEnablesNothing() {
    TenantSettings enforcing = new TenantSettings("t", true, Optional.empty(),
        Optional.of(EnforcedUsersFilter.of(Type.ALL_USERS)));
    assertThat(fields(SettingsValidator.validateTenant(enforcing, TwoFaSettings.defaults())))
        .containsExactly("enforceTwoFa");
  }
}
