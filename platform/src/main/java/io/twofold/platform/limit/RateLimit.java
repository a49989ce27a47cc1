package io.twofold.platform.limit;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} events per {@code window}: ThingsBoard's {@code N:S} notation
 * ({@code verificationCodeCheckRateLimit}), N and S at least 1.
 */
public record RateLimit(int permits, Duration window) {

  private static final Pattern SPEC = Pattern.compile("(\\d{1,9}):(\\d{1,9})");

  public RateLimit {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1");
    }
    if (window == null || window.toSeconds() < 1) {
      throw new IllegalArgumentException("window must be >= 1 second");
    }
  }

  /**
   * Parses {@code N:S}; an empty or null spec means no limit.
   *
   * @throws IllegalArgumentException naming the problem when the spec is malformed or N or S is 0
   */
  public static Optional<RateLimit> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return Optional.empty();
    }
    Matcher matcher = SPEC.matcher(spec.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("rate limit must look like N:S, got '" + spec + "'");
    }
    int permits = Integer.parseInt(matcher.group(1));
    int seconds = Integer.parseInt(matcher.group(2));
    if (permits < 1 || seconds < 1) {
      throw new IllegalArgumentException("rate limit N and S must both be >= 1, got '" + spec + "'");
    }
    return Optional.of(new RateLimit(permits, Duration.ofSeconds(seconds)));
  }

  @Override
  public String toString() {
    return permits + ":" + window.toSeconds();
  }
}
