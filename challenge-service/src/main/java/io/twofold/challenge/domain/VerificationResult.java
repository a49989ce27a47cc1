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

  /**
   * The challenge is live but the code sent by this provider has expired: nothing was compared or
   * counted (no code of this provider can be right), and the user asks for a new one.
   */
  record CodeExpired(Instant nextCodeAt) implements VerificationResult {}

  /** The check rate limit is used up; no code was compared. */
  record RateLimited(Duration retryAfter) implements VerificationResult {}
}
