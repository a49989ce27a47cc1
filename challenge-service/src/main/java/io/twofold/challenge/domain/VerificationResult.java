package io.twofold.challenge.domain;

import java.time.Duration;
import java.time.Instant;

/** The answer to a submitted code. */
public sealed interface VerificationResult {

  record Verified() implements VerificationResult {}

  /** Wrong code; {@code attemptsLeft} before lockout, or null when lockout is off. */
  record Rejected(Integer attemptsLeft) implements VerificationResult {}

  record LockedOut(Instant since) implements VerificationResult {}

  record Expired() implements VerificationResult {}

  /** The check rate limit is used up; no code was compared. */
  record RateLimited(Duration retryAfter) implements VerificationResult {}
}
