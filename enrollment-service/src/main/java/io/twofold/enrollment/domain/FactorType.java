package io.twofold.enrollment.domain;

/** A factor a user enrolls. Backup codes are a set per user, not a factor (see backup/). */
public enum FactorType {
  TOTP,
  SMS,
  EMAIL;

  /** The policy provider that must be enabled to enroll or use it. */
  public String providerType() {
    return name();
  }
}
