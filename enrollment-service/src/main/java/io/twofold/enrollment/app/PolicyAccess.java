package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.platform.limit.RateLimit;
import io.twofold.policy.client.PolicyClient;
import io.twofold.policy.client.PolicyQuery;
import io.twofold.policy.client.PolicyView;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The effective policy of a user, and what enrollment reads from it. */
@Component
public class PolicyAccess {

  private final PolicyClient policy;

  public PolicyAccess(PolicyClient policy) {
    this.policy = policy;
  }

  public PolicyView of(EnrollingUser user) {
    return policy.evaluate(user.userId(), new PolicyQuery(user.authority(), user.tenantId(), user.tenantProfileId()));
  }

  /** The provider's settings, or a refusal: only providers the policy enables can be enrolled. */
  public PolicyView.Provider require(PolicyView view, String providerType) {
    return view.provider(providerType).orElseThrow(() -> new EnrollmentRefused("provider-not-enabled",
        providerType + " is not enabled by the 2FA settings that apply to this user"));
  }

  /**
   * Refuses an SMS to a number outside the countries the 2FA settings allow (the SMS provider's
   * allow-list, against SMS pumping); anything else passes.
   */
  public static void requireSmsCountry(PolicyView.Provider provider, String destination) {
    if ("SMS".equals(provider.providerType()) && !provider.allowsSmsTo(destination)) {
      throw new EnrollmentRefused("sms-country-not-allowed", "codes by SMS go only to numbers of "
          + String.join(", ", provider.smsAllowedCountries()) + " under the 2FA settings that apply to this user");
    }
  }

  public static Duration sendPeriod(PolicyView view) {
    return Duration.ofSeconds(view.minVerificationCodeSendPeriod());
  }

  public static Optional<RateLimit> checkLimit(PolicyView view) {
    return RateLimit.parse(view.verificationCodeCheckRateLimit());
  }
}
