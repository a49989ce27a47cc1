package io.twofold.loginapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;

class SettingsFormTest {

  private static LinkedMultiValueMap<String, String> form(Map<String, String> fields) {
    LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    fields.forEach(form::add);
    return form;
  }

  @Test
  void fieldsLeftEmptyAreLeftOutSoTheSystemsValuesApply() {
    var body = AdminController.SettingsForm.toBody(form(Map.of("version", "3", "provider.SMS", "on",
        "SMS.verificationCodeLifetime", "60", "SMS.smsVerificationMessageTemplate", "",
        "verificationCodeCheckRateLimit", " ", "maxVerificationFailuresBeforeUserLockout", "3")), true);

    assertThat(body).containsEntry("version", 3L).containsEntry("useSystemSettings", false)
        .containsEntry("maxVerificationFailuresBeforeUserLockout", 3).containsEntry("enforceTwoFa", false)
        .doesNotContainKeys("verificationCodeCheckRateLimit", "minVerificationCodeSendPeriod");
    assertThat(body.get("providers")).isEqualTo(List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 60)));
  }

  @Test
  void theSmsCountriesAreAListAndLeftEmptyMeanEveryCountry() {
    var listed = AdminController.SettingsForm.toBody(form(Map.of("version", "1", "provider.SMS", "on",
        "SMS.smsAllowedCountries", "UA, PL ,")), false);
    var empty = AdminController.SettingsForm.toBody(form(Map.of("version", "1", "provider.SMS", "on",
        "SMS.smsAllowedCountries", " ")), false);

    assertThat(listed.get("providers")).isEqualTo(List.of(Map.of("providerType", "SMS",
        "smsAllowedCountries", List.of("UA", "PL"))));
    assertThat(empty.get("providers")).isEqualTo(List.of(Map.of("providerType", "SMS")));
  }

  @Test
  void enforcementCarriesItsUsersFilter() {
    var body = AdminController.SettingsForm.toBody(form(Map.of("version", "0", "enforceTwoFa", "on",
        "filterType", "TENANT_ADMINISTRATORS", "tenantProfilesIds", "gold, silver ,", "tenantsIds", "")), false);

    assertThat(body).doesNotContainKey("useSystemSettings");
    assertThat(body.get("enforcedUsersFilter")).isEqualTo(Map.of("filterType", "TENANT_ADMINISTRATORS",
        "tenantsIds", List.of(), "tenantProfilesIds", List.of("gold", "silver")));
  }

  @Test
  void aTenantUsingTheSystemSettingsSendsNoProvidersOrLimits() {
    var body = AdminController.SettingsForm.toBody(form(Map.of("version", "2", "useSystemSettings", "on",
        "provider.TOTP", "on", "maxVerificationFailuresBeforeUserLockout", "3")), true);

    assertThat(body).containsEntry("useSystemSettings", true).doesNotContainKeys("providers",
        "maxVerificationFailuresBeforeUserLockout");
  }
}
