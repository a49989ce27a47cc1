package io.twofold.enrollment.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the enrollment API. Codes travel in bodies, never in URLs. */
final class Requests {

  private Requests() {}

  static final int MAX_LABEL = 64;

  /** A factor to enroll: {@code phoneNumber} for SMS, {@code email} for EMAIL, neither for TOTP. */
  record NewFactor(
      @NotNull io.twofold.enrollment.domain.FactorType type,
      @Size(max = MAX_LABEL) String label,
      @Size(max = 32) String phoneNumber,
      @Size(max = 254) String email) {}

  /**
   * @param challengeId the enforced sign-in the user is in (its challenge in ENROLLMENT_REQUIRED),
   *     which this confirmation completes; absent outside a sign-in
   */
  record Confirmation(@NotNull @Pattern(regexp = "\\d{6}", message = "must be 6 digits") String code,
      @Size(max = 200) String challengeId) {}

  record TotpCheck(@NotNull @Pattern(regexp = "\\d{6}", message = "must be 6 digits") String code) {}

  record BackupCodeCheck(@NotNull @Size(min = 10, max = 16) String code) {}

  /** A step-up proof: an authenticator or backup code, or the code sent to {@code factorId}. */
  record StepUpProof(@Size(max = 64) String factorId,
      @NotNull @Pattern(regexp = "[A-Za-z0-9 -]{6,16}", message = "must be a code") String code) {}

  record StepUpCodeRequest(@NotNull @Size(max = 64) String factorId) {}
}
