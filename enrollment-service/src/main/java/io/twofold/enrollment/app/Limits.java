package io.twofold.enrollment.app;

import io.twofold.enrollment.config.EnrollmentProperties;
import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.limit.RateDecision;
import io.twofold.platform.limit.RateLimit;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.client.PolicyView;
import org.springframework.stereotype.Component;

/**
 * The send period and check rate limit of the policy, applied to enrollment as to sign-in
 * (ThingsBoard skipped them for enrollment), and the bound on factor creation. Counted before the
 * code is sent or compared, or the factor created.
 */
@Component
public class Limits {

  /**
   * Enrollment's checks when the policy has no check rate limit (it then has a lockout, which
   * challenge-service keeps for sign-ins only): confirmations and step-ups are never unlimited.
   */
  static final RateLimit FALLBACK_CHECKS = new RateLimit(3, java.time.Duration.ofSeconds(900));

  private final MongoRateLimiter limiter;
  private final RateLimit creations;

  public Limits(MongoRateLimiter limiter, EnrollmentProperties properties) {
    this.limiter = limiter;
    this.creations = RateLimit.parse(properties.factorCreations())
        .orElseThrow(() -> new IllegalStateException("twofold.enrollment.factor-creations must be N:S"));
  }

  public void beforeSend(String userId, String providerType, PolicyView policy) {
    take("enroll-send:" + userId + ":" + providerType,
        new RateLimit(1, PolicyAccess.sendPeriod(policy)), "a code was sent recently; wait before asking again");
  }

  /** A step-up code: its own send period, so it is not held back by the code that enrolled the factor. */
  public void beforeStepUpSend(String userId, String providerType, PolicyView policy) {
    take("step-up-send:" + userId + ":" + providerType,
        new RateLimit(1, PolicyAccess.sendPeriod(policy)), "a code was sent recently; wait before asking again");
  }

  public void beforeCheck(String userId, String providerType, PolicyView policy) {
    take("enroll-check:" + userId + ":" + providerType, PolicyAccess.checkLimit(policy).orElse(FALLBACK_CHECKS),
        "too many code checks; wait before trying again");
  }

  public void beforeCreate(String userId) {
    take("enroll-create:" + userId, creations, "too many new factors; wait before adding another");
  }

  private void take(String key, RateLimit limit, String message) {
    if (limiter.tryAcquire(key, limit) instanceof RateDecision.Limited limited) {
      throw ProblemException.tooManyRequests(message, limited.retryAfter());
    }
  }
}
