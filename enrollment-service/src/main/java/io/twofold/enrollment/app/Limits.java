package io.twofold.enrollment.app;

import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.limit.RateDecision;
import io.twofold.platform.limit.RateLimit;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.client.PolicyView;
import org.springframework.stereotype.Component;

/**
 * The send period and check rate limit of the policy, applied to enrollment as to sign-in
 * (ThingsBoard skipped them for enrollment). Counted before the code is sent or compared.
 */
@Component
public class Limits {

  private final MongoRateLimiter limiter;

  public Limits(MongoRateLimiter limiter) {
    this.limiter = limiter;
  }

  public void beforeSend(String userId, String providerType, PolicyView policy) {
    take("enroll-send:" + userId + ":" + providerType,
        new RateLimit(1, PolicyAccess.sendPeriod(policy)), "a code was sent recently; wait before asking again");
  }

  public void beforeCheck(String userId, String providerType, PolicyView policy) {
    PolicyAccess.checkLimit(policy).ifPresent(limit ->
        take("enroll-check:" + userId + ":" + providerType, limit, "too many code checks; wait before trying again"));
  }

  private void take(String key, RateLimit limit, String message) {
    if (limiter.tryAcquire(key, limit) instanceof RateDecision.Limited limited) {
      throw ProblemException.tooManyRequests(message, limited.retryAfter());
    }
  }
}
