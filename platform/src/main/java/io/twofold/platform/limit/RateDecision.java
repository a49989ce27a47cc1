package io.twofold.platform.limit;

import java.time.Duration;

/** Outcome of asking a rate limiter for one permit. */
public sealed interface RateDecision {

  /**
   * The permit was taken; {@code remaining} more fit in the current window. {@code at} identifies
   * the permit (its time, in epoch milliseconds) for {@link MongoRateLimiter#release}.
   */
  record Allowed(int remaining, long at) implements RateDecision {}

  /** No permit left; the next one frees up after {@code retryAfter} (for a Retry-After header). */
  record Limited(Duration retryAfter) implements RateDecision {}

  default boolean allowed() {
    return this instanceof Allowed;
  }
}
