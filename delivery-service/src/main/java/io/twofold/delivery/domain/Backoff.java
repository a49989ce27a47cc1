package io.twofold.delivery.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * attempt n waits a random time up to {@code base * 2^(n-1)}, capped, so that retries of many
 * users do not arrive at a struggling provider in waves. A provider's Retry-After is a floor.
 */
public final class Backoff {

  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** @param attempt the attempt that just failed, 1 for the first */
  public Duration delayAfter(int attempt, Optional<Duration> retryAfter) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
    long jittered = Math.max(base.toMillis() / 2, (long) (random.nextDouble() * ceiling));
    Duration delay = Duration.ofMillis(jittered);
    return retryAfter.filter(floor -> floor.compareTo(delay) > 0).orElse(delay);
  }
}
