package io.twofold.challenge.domain;

/**
 * Where a challenge stands. Only ISSUED accepts codes. ENROLLMENT_REQUIRED waits for the user to
 * confirm a factor during this sign-in (then VERIFIED); every other state is final.
 */
public enum ChallengeState {
  ISSUED,
  NOT_REQUIRED,
  ENROLLMENT_REQUIRED,
  VERIFIED,
  EXPIRED,
  LOCKED_OUT,
  REJECTED;

  public boolean isFinal() {
    return this != ISSUED && this != ENROLLMENT_REQUIRED;
  }
}
