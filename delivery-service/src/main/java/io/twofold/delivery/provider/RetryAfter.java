package io.twofold.delivery.provider;

import java.time.Duration;
import java.util.Optional;

/** Reads a Retry-After header given in seconds (RFC 9110 §10.2.3; HTTP dates are not used by these providers). */
final class RetryAfter {

  private RetryAfter() {}

  static Optional<Duration> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
