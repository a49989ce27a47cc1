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

  /** One enabled provider and its options (fields of other types are null). */
  public record Provider(
      String providerType,
      String issuerName,
      Integer verificationCodeLifetime,
      String smsVerificationMessageTemplate,
      Integer codesQuantity) {}

  public Optional<Provider> provider(String providerType) {
    return providers.stream().filter(p -> p.providerType().equals(providerType)).findFirst();
  }

  public boolean enables(String providerType) {
    return provider(providerType).isPresent();
  }
}
