package io.twofold.policy.api;

import io.twofold.platform.web.ProblemException;
import io.twofold.policy.domain.EnforcedUsersFilter;
import io.twofold.policy.domain.PolicyDecision;
import io.twofold.policy.domain.ProviderSettings;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Between the API's ThingsBoard-shaped JSON and the domain. Omitted values take the defaults of
 * DESIGN §4 in the system's settings, and the system's values in a tenant's own settings (a tenant
 * may tighten the system's limits, so the system's are its starting point).
 */
final class SettingsMapper {

  private SettingsMapper() {}

  static TwoFaSettings toSettings(SystemSettingsDto dto) {
    return settings(dto.providers(), dto.minVerificationCodeSendPeriod(), dto.verificationCodeCheckRateLimit(),
        dto.maxVerificationFailuresBeforeUserLockout(), dto.totalAllowedTimeForVerification(),
        Boolean.TRUE.equals(dto.enforceTwoFa()), Optional.ofNullable(dto.enforcedUsersFilter()).map(SettingsMapper::toFilter),
        TwoFaSettings.defaults());
  }

  /** @param system the system settings in force, whose values fill what the tenant left out */
  static TenantSettings toTenant(String tenantId, TenantSettingsDto dto, TwoFaSettings system) {
    if (dto.tenantId() != null && !dto.tenantId().equals(tenantId)) {
      throw ProblemException.invalidFields(List.of(
          ProblemException.fieldError("tenantId", "does not match the tenant in the path")));
    }
    if (Boolean.TRUE.equals(dto.enforceTwoFa()) && dto.enforcedUsersFilter() == null) {
      throw ProblemException.invalidFields(List.of(
          ProblemException.fieldError("enforcedUsersFilter", "required when enforceTwoFa is true")));
    }
    Optional<EnforcedUsersFilter> enforcement = Boolean.TRUE.equals(dto.enforceTwoFa())
        ? Optional.of(toFilter(dto.enforcedUsersFilter()))
        : Optional.empty();
    if (dto.useSystemSettings()) {
      List<Map<String, String>> extra = new ArrayList<>();
      addIfSet(extra, "providers", dto.providers());
      addIfSet(extra, "minVerificationCodeSendPeriod", dto.minVerificationCodeSendPeriod());
      addIfSet(extra, "verificationCodeCheckRateLimit", dto.verificationCodeCheckRateLimit());
      addIfSet(extra, "maxVerificationFailuresBeforeUserLockout", dto.maxVerificationFailuresBeforeUserLockout());
      addIfSet(extra, "totalAllowedTimeForVerification", dto.totalAllowedTimeForVerification());
      if (!extra.isEmpty()) {
        throw ProblemException.invalidFields(extra);
      }
      return new TenantSettings(tenantId, true, Optional.empty(), enforcement);
    }
    TwoFaSettings own = settings(dto.providers(), dto.minVerificationCodeSendPeriod(), dto.verificationCodeCheckRateLimit(),
        dto.maxVerificationFailuresBeforeUserLockout(), dto.totalAllowedTimeForVerification(), false, Optional.empty(),
        system);
    return new TenantSettings(tenantId, false, Optional.of(own), enforcement);
  }

  static SystemSettingsDto toDto(TwoFaSettings settings, long version) {
    return new SystemSettingsDto(version, providers(settings), settings.minVerificationCodeSendPeriod(),
        settings.verificationCodeCheckRateLimit(), settings.maxVerificationFailuresBeforeUserLockout(),
        settings.totalAllowedTimeForVerification(), settings.enforceTwoFa(),
        settings.enforcedUsersFilter().map(SettingsMapper::toDto).orElse(null));
  }

  static TenantSettingsDto toDto(TenantSettings tenant, long version) {
    Optional<TwoFaSettings> own = tenant.own();
    return new TenantSettingsDto(tenant.tenantId(), version, tenant.useSystemSettings(),
        own.map(SettingsMapper::providers).orElse(null),
        own.map(TwoFaSettings::minVerificationCodeSendPeriod).orElse(null),
        own.map(TwoFaSettings::verificationCodeCheckRateLimit).orElse(null),
        own.map(TwoFaSettings::maxVerificationFailuresBeforeUserLockout).orElse(null),
        own.map(TwoFaSettings::totalAllowedTimeForVerification).orElse(null),
        tenant.enforcement().isPresent(),
        tenant.enforcement().map(SettingsMapper::toDto).orElse(null));
  }

  static EvaluationDto toDto(PolicyDecision decision) {
    TwoFaSettings effective = decision.effective();
    return new EvaluationDto(decision.scopeKey(), decision.enforced(), decision.reason(), providers(effective),
        effective.minVerificationCodeSendPeriod(), effective.verificationCodeCheckRateLimit(),
        effective.maxVerificationFailuresBeforeUserLockout(), effective.totalAllowedTimeForVerification(),
        decision.systemVersion(), decision.tenantVersion());
  }

  private static TwoFaSettings settings(
      List<ProviderDto> providers, Integer sendPeriod, String checkRateLimit, Integer maxFailures,
      Integer totalTime, boolean enforce, Optional<EnforcedUsersFilter> filter, TwoFaSettings fallback) {
    return new TwoFaSettings(
        providers == null ? List.of() : providers.stream().map(p -> toProvider(p, fallback)).toList(),
        orDefault(sendPeriod, fallback.minVerificationCodeSendPeriod()),
        checkRateLimit == null ? fallback.verificationCodeCheckRateLimit() : checkRateLimit.trim(),
        orDefault(maxFailures, fallback.maxVerificationFailuresBeforeUserLockout()),
        orDefault(totalTime, fallback.totalAllowedTimeForVerification()),
        enforce,
        filter);
  }

  private static ProviderSettings toProvider(ProviderDto dto, TwoFaSettings fallback) {
    int lifetime = orDefault(dto.verificationCodeLifetime(), fallback.provider(dto.providerType()).map(provider ->
        provider instanceof ProviderSettings.Sms sms ? sms.verificationCodeLifetime()
            : provider instanceof ProviderSettings.Email email ? email.verificationCodeLifetime()
            : ProviderSettings.DEFAULT_CODE_LIFETIME).orElse(ProviderSettings.DEFAULT_CODE_LIFETIME));
    return switch (dto.providerType()) {
      case TOTP -> new ProviderSettings.Totp(dto.issuerName() == null ? ProviderSettings.DEFAULT_ISSUER : dto.issuerName());
      case SMS -> new ProviderSettings.Sms(lifetime, dto.smsVerificationMessageTemplate() == null
          ? ProviderSettings.DEFAULT_SMS_TEMPLATE : dto.smsVerificationMessageTemplate(), dto.smsAllowedCountries());
      case EMAIL -> new ProviderSettings.Email(lifetime);
      case BACKUP_CODE -> new ProviderSettings.BackupCode(orDefault(dto.codesQuantity(), ProviderSettings.DEFAULT_BACKUP_CODES));
    };
  }

  private static List<ProviderDto> providers(TwoFaSettings settings) {
    return settings.providers().stream().map(SettingsMapper::toDto).toList();
  }

  private static ProviderDto toDto(ProviderSettings provider) {
    if (provider instanceof ProviderSettings.Totp totp) {
      return new ProviderDto(provider.providerType(), totp.issuerName(), null, null, null, null);
    } else if (provider instanceof ProviderSettings.Sms sms) {
      return new ProviderDto(provider.providerType(), null, sms.verificationCodeLifetime(),
          sms.smsVerificationMessageTemplate(), null, sms.smsAllowedCountries());
    } else if (provider instanceof ProviderSettings.Email email) {
      return new ProviderDto(provider.providerType(), null, email.verificationCodeLifetime(), null, null, null);
    }
    return new ProviderDto(provider.providerType(), null, null, null,
        ((ProviderSettings.BackupCode) provider).codesQuantity(), null);
  }

  private static EnforcedUsersFilter toFilter(FilterDto dto) {
    return new EnforcedUsersFilter(dto.filterType(), dto.tenantsIds(), dto.tenantProfilesIds());
  }

  private static FilterDto toDto(EnforcedUsersFilter filter) {
    return new FilterDto(filter.filterType(), filter.tenantsIds(), filter.tenantProfilesIds());
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static void addIfSet(List<Map<String, String>> errors, String field, Object value) {
    if (value != null) {
      errors.add(ProblemException.fieldError(field, "must be left out when useSystemSettings is true"));
    }
  }
}
