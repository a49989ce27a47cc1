package io.twofold.enrollment.domain;

/** A rule of enrollment forbids the change (e.g. removing an enforced user's last factor). */
public class EnrollmentRefused extends RuntimeException {

  private final String reason;

  public EnrollmentRefused(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A stable slug for the problem type. */
  public String reason() {
    return reason;
  }
}
