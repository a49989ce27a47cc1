package io.twofold.policy.domain;

import java.util.List;

/**
 * One enabled provider and its options, with ThingsBoard's field names. Defaults (DESIGN §4) apply
 * where an administrator left a value out.
 */
public sealed interface ProviderSettings {

  String DEFAULT_ISSUER = "Twofold";
  int DEFAULT_CODE_LIFETIME = 120;
  String DEFAULT_SMS_TEMPLATE = "Verification code: ${code}";
  int DEFAULT_BACKUP_CODES = 10;

  ProviderType providerType();

  /** Authenticator app: {@code issuerName} is what the app shows next to the account. */
  record Totp(String issuerName) implements ProviderSettings {
    public ProviderType providerType() {
      return ProviderType.TOTP;
    }
  }

  /**
   * @param smsAllowedCountries the countries (ISO 3166-1 alpha-2, e.g. {@code UA}) whose numbers may
   *     get codes, against SMS pumping to ranges the platform's users never live in; null: every
   *     country
   */
  record Sms(int verificationCodeLifetime, String smsVerificationMessageTemplate, List<String> smsAllowedCountries)
      implements ProviderSettings {

    public Sms(int verificationCodeLifetime, String smsVerificationMessageTemplate) {
      this(verificationCodeLifetime, smsVerificationMessageTemplate, null);
    }

    public ProviderType providerType() {
      return ProviderType.SMS;
    }
  }

  record Email(int verificationCodeLifetime) implements ProviderSettings {
    public ProviderType providerType() {
      return ProviderType.EMAIL;
    }
  }

  record BackupCode(int codesQuantity) implements ProviderSettings {
    public ProviderType providerType() {
      return ProviderType.BACKUP_CODE;
    }
  }
}
