package io.twofold.policy.client;

import java.util.List;
import java.util.Optional;

/**
 * The effective policy for a user, as policy-service answered it.
 *
 * @param scope {@code system} or {@code tenant:<id>}: whose settings apply
 * @param reason why 2FA is or is not enforced (policy-service's EnforcementReason)
 */
public record PolicyView(
    String scope,
    boolean enforced,
    String reason,
    List<Provider> providers,
    int minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    int maxVerificationFailuresBeforeUserLockout,
    int totalAllowedTimeForVerification,
    long systemVersion,
    long tenantVersion) {

  /**
   * One enabled provider and its options (fields of other types are null).
   *
   * @param smsAllowedCountries SMS: the countries (ISO 3166-1 alpha-2) whose numbers may get codes;
   *     null for every country
   */
  public record Provider(
      String providerType,
      String issuerName,
      Integer verificationCodeLifetime,
      String smsVerificationMessageTemplate,
      Integer codesQuantity,
      List<String> smsAllowedCountries) {

    private static final com.google.i18n.phonenumbers.PhoneNumberUtil PHONES =
        com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();

    /**
     * Whether a code may go to this number (E.164) by SMS: always without an allow-list; with one,
     * only to numbers of a listed country (a number whose country cannot be told is refused).
     */
    public boolean allowsSmsTo(String e164) {
      if (smsAllowedCountries == null) {
        return true;
      }
      try {
        String region = PHONES.getRegionCodeForNumber(PHONES.parse(e164, null));
        return region != null && smsAllowedCountries.contains(region);
      } catch (com.google.i18n.phonenumbers.NumberParseException unparsable) {
        return false;
      }
    }
  }

  public Optional<Provider> provider(String providerType) {
    return providers.stream().filter(p -> p.providerType().equals(providerType)).findFirst();
  }

  public boolean enables(String providerType) {
    return provider(providerType).isPresent();
  }
}
