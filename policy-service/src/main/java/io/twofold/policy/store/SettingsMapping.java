package io.twofold.policy.store;

import io.twofold.policy.domain.EnforcedUsersFilter;
import io.twofold.policy.domain.ProviderSettings;
import io.twofold.policy.domain.ProviderType;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import java.util.Optional;

/** Between domain settings and their stored form. */
final class SettingsMapping {

  private SettingsMapping() {}

  static SettingsDocument.Fields toFields(TwoFaSettings settings) {
    return new SettingsDocument.Fields(
        settings.providers().stream().map(SettingsMapping::toProvider).toList(),
        settings.minVerificationCodeSendPeriod(),
        settings.verificationCodeCheckRateLimit(),
        settings.maxVerificationFailuresBeforeUserLockout(),
        settings.totalAllowedTimeForVerification(),
        settings.enforceTwoFa(),
        settings.enforcedUsersFilter().map(SettingsMapping::toFilter).orElse(null));
  }

  static TwoFaSettings fromFields(SettingsDocument.Fields fields) {
    return new TwoFaSettings(
        fields.providers().stream().map(SettingsMapping::fromProvider).toList(),
        fields.minVerificationCodeSendPeriod(),
        fields.verificationCodeCheckRateLimit(),
        fields.maxVerificationFailuresBeforeUserLockout(),
        fields.totalAllowedTimeForVerification(),
        fields.enforceTwoFa(),
        Optional.ofNullable(fields.enforcedUsersFilter()).map(SettingsMapping::fromFilter));
  }

  static TenantSettings toTenant(SettingsDocument document) {
    return new TenantSettings(
        document.tenantId(),
        document.useSystemSettings(),
        Optional.ofNullable(document.settings()).map(SettingsMapping::fromFields),
        Optional.ofNullable(document.tenantEnforcement()).map(SettingsMapping::fromFilter));
  }

  static SettingsDocument.Filter toFilter(EnforcedUsersFilter filter) {
    return new SettingsDocument.Filter(filter.filterType().name(), filter.tenantsIds(), filter.tenantProfilesIds());
  }

  static EnforcedUsersFilter fromFilter(SettingsDocument.Filter filter) {
    return new EnforcedUsersFilter(
        EnforcedUsersFilter.Type.valueOf(filter.filterType()), filter.tenantsIds(), filter.tenantProfilesIds());
  }

  private static SettingsDocument.Provider toProvider(ProviderSettings provider) {
    String type = provider.providerType().name();
    if (provider instanceof ProviderSettings.Totp totp) {
      return new SettingsDocument.Provider(type, totp.issuerName(), null, null, null, null);
    } else if (provider instanceof ProviderSettings.Sms sms) {
      return new SettingsDocument.Provider(type, null, sms.verificationCodeLifetime(), sms.smsVerificationMessageTemplate(),
          null, sms.smsAllowedCountries());
    } else if (provider instanceof ProviderSettings.Email email) {
      return new SettingsDocument.Provider(type, null, email.verificationCodeLifetime(), null, null, null);
    }
    return new SettingsDocument.Provider(type, null, null, null, ((ProviderSettings.BackupCode) provider).codesQuantity(),
        null);
  }

  private static ProviderSettings fromProvider(SettingsDocument.Provider provider) {
    return switch (ProviderType.valueOf(provider.providerType())) {
      case TOTP -> new ProviderSettings.Totp(provider.issuerName());
      case SMS -> new ProviderSettings.Sms(provider.verificationCodeLifetime(), provider.smsVerificationMessageTemplate(),
          provider.smsAllowedCountries());
      case EMAIL -> new ProviderSettings.Email(provider.verificationCodeLifetime());
      case BACKUP_CODE -> new ProviderSettings.BackupCode(provider.codesQuantity());
    };
  }
}
