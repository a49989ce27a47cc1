package io.twofold.policy.domain;

import io.twofold.platform.limit.RateLimit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of DESIGN §4 and the floors and ceilings of §6 ({@link Limits}). Every problem is
 * reported with the JSON path of its field, all at once, so an administrator fixes a form in one
 * round trip.
 */
public final class SettingsValidator {

  static final String CODE_PLACEHOLDER = "${code}";
  /** ISO 3166-1 alpha-2 codes, as the JDK knows them. */
  private static final Set<String> COUNTRIES = Set.of(java.util.Locale.getISOCountries());

  private SettingsValidator() {}

  public static List<FieldProblem> validateSystem(TwoFaSettings settings) {
    List<FieldProblem> problems = new ArrayList<>();
    validateProvidersAndLimits(settings, problems);
    if (settings.enforceTwoFa()) {
      validateEnforcement(settings, settings.enforcedUsersFilter().orElse(null), problems);
      settings.enforcedUsersFilter().ifPresent(filter -> {
        if (!filter.tenantsIds().isEmpty() && !filter.tenantProfilesIds().isEmpty()) {
          problems.add(new FieldProblem("enforcedUsersFilter",
              "select tenants (tenantsIds) or tenant profiles (tenantProfilesIds), not both"));
        }
        if (filter.filterType() != EnforcedUsersFilter.Type.TENANT_ADMINISTRATORS
            && (!filter.tenantsIds().isEmpty() || !filter.tenantProfilesIds().isEmpty())) {
          problems.add(new FieldProblem("enforcedUsersFilter",
              "tenantsIds and tenantProfilesIds apply only to TENANT_ADMINISTRATORS"));
        }
      });
    }
    return problems;
  }

  /**
   * @param system the system settings in force, whose providers a tenant that inherits them would
   *     enforce
   */
  public static List<FieldProblem> validateTenant(TenantSettings tenant, TwoFaSettings system) {
    List<FieldProblem> problems = new ArrayList<>();
    tenant.own().ifPresent(own -> {
      validateProvidersAndLimits(own, problems);
      Limits.checkFloors(own, system, problems);
    });
    tenant.enforcement().ifPresent(filter -> {
      TwoFaSettings effective = tenant.useSystemSettings() ? system : tenant.own().orElseThrow();
      validateEnforcement(effective, filter, problems);
      if (filter.filterType() == EnforcedUsersFilter.Type.SYSTEM_ADMINISTRATORS) {
        problems.add(new FieldProblem("enforcedUsersFilter.filterType",
            "a tenant can enforce 2FA for ALL_USERS or TENANT_ADMINISTRATORS of its own tenant"));
      }
      if (!filter.tenantsIds().isEmpty() || !filter.tenantProfilesIds().isEmpty()) {
        problems.add(new FieldProblem("enforcedUsersFilter",
            "a tenant's enforcement applies to its own tenant: tenantsIds and tenantProfilesIds must be empty"));
      }
    });
    return problems;
  }

  private static void validateEnforcement(
      TwoFaSettings effective, EnforcedUsersFilter filter, List<FieldProblem> problems) {
    if (filter == null) {
      problems.add(new FieldProblem("enforcedUsersFilter", "required when enforceTwoFa is true"));
    }
    if (!effective.hasUsableProvider()) {
      problems.add(new FieldProblem("enforceTwoFa",
          "2FA cannot be enforced while no provider (other than backup codes) is enabled"));
    }
  }

  private static void validateProvidersAndLimits(TwoFaSettings settings, List<FieldProblem> problems) {
    Set<ProviderType> seen = EnumSet.noneOf(ProviderType.class);
    List<ProviderSettings> providers = settings.providers();
    for (int i = 0; i < providers.size(); i++) {
      ProviderSettings provider = providers.get(i);
      String path = "providers[" + i + "]";
      if (!seen.add(provider.providerType())) {
        problems.add(new FieldProblem(path + ".providerType", provider.providerType() + " is listed twice"));
      }
      validateProvider(provider, path, problems);
    }
    if (seen.equals(EnumSet.of(ProviderType.BACKUP_CODE))) {
      problems.add(new FieldProblem("providers",
          "BACKUP_CODE can only be enabled together with another provider"));
    }
    if (settings.minVerificationCodeSendPeriod() < 5) {
      problems.add(new FieldProblem("minVerificationCodeSendPeriod", "must be at least 5 seconds"));
    }
    try {
      RateLimit.parse(settings.verificationCodeCheckRateLimit());
    } catch (IllegalArgumentException malformed) {
      problems.add(new FieldProblem("verificationCodeCheckRateLimit",
          "must be empty or N:S with N and S at least 1"));
    }
    if (settings.maxVerificationFailuresBeforeUserLockout() < 0) {
      problems.add(new FieldProblem("maxVerificationFailuresBeforeUserLockout", "must be 0 (never) or more"));
    }
    if (settings.totalAllowedTimeForVerification() < 60) {
      problems.add(new FieldProblem("totalAllowedTimeForVerification", "must be at least 60 seconds"));
    }
    Limits.checkBounds(settings, problems);
  }

  private static void validateProvider(ProviderSettings provider, String path, List<FieldProblem> problems) {
    if (provider instanceof ProviderSettings.Totp totp) {
      if (totp.issuerName() == null || totp.issuerName().isBlank()) {
        problems.add(new FieldProblem(path + ".issuerName", "must not be blank"));
      } else if (totp.issuerName().contains(":")) {
        // Key Uri Format: the issuer prefixes the label with a colon, so it cannot contain one.
        problems.add(new FieldProblem(path + ".issuerName", "must not contain ':'"));
      } else if (totp.issuerName().codePointCount(0, totp.issuerName().length()) > Limits.MAX_ISSUER_LENGTH) {
        problems.add(new FieldProblem(path + ".issuerName",
            "must be at most " + Limits.MAX_ISSUER_LENGTH + " characters (it must fit a QR code)"));
      }
    } else if (provider instanceof ProviderSettings.Sms sms) {
      requireLifetime(sms.verificationCodeLifetime(), path, problems);
      String template = sms.smsVerificationMessageTemplate();
      if (template == null || !template.contains(CODE_PLACEHOLDER)) {
        problems.add(new FieldProblem(path + ".smsVerificationMessageTemplate", "must contain " + CODE_PLACEHOLDER));
      } else if (template.length() > 320) {
        problems.add(new FieldProblem(path + ".smsVerificationMessageTemplate",
            "must be at most 320 characters (two SMS segments)"));
      }
      List<String> countries = sms.smsAllowedCountries();
      if (countries != null) {
        List<String> unknown = countries.stream().filter(country -> country == null || !COUNTRIES.contains(country))
            .map(String::valueOf).toList();
        if (countries.isEmpty()) {
          problems.add(new FieldProblem(path + ".smsAllowedCountries",
              "must name at least one country; leave it out to allow every country, or disable SMS"));
        } else if (!unknown.isEmpty()) {
          problems.add(new FieldProblem(path + ".smsAllowedCountries",
              "must be ISO 3166-1 alpha-2 country codes in capitals, e.g. UA, PL (not " + String.join(", ", unknown) + ")"));
        } else if (countries.stream().distinct().count() != countries.size()) {
          problems.add(new FieldProblem(path + ".smsAllowedCountries", "must name each country once"));
        }
      }
    } else if (provider instanceof ProviderSettings.Email email) {
      requireLifetime(email.verificationCodeLifetime(), path, problems);
    } else if (provider instanceof ProviderSettings.BackupCode backup
        && (backup.codesQuantity() < 1 || backup.codesQuantity() > 50)) {
      problems.add(new FieldProblem(path + ".codesQuantity", "must be between 1 and 50"));
    }
  }

  private static void requireLifetime(int seconds, String path, List<FieldProblem> problems) {
    if (seconds < 1 || seconds > Limits.MAX_CODE_LIFETIME) {
      problems.add(new FieldProblem(path + ".verificationCodeLifetime",
          "must be between 1 and " + Limits.MAX_CODE_LIFETIME + " seconds"));
    }
  }
}
