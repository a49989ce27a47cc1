package io.twofold.challenge.domain;

/**
 * The policy values a challenge was issued under, kept with it so that one challenge keeps one set
 * of rules even if an administrator changes them meanwhile.
 */
public record Limits(
    int minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    int maxVerificationFailuresBeforeUserLockout,
    int emailCodeLifetime,
    int smsCodeLifetime,
    String smsTemplate) {

  public int codeLifetime(String providerType) {
    return "SMS".equals(providerType) ? smsCodeLifetime : emailCodeLifetime;
  }
}
