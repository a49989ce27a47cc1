package io.twofold.enrollment.code;

import java.security.SecureRandom;

/** Six-digit one-time codes for confirming an email address or phone number. */
public final class ConfirmationCodes {

  public static final int DIGITS = 6;

  private ConfirmationCodes() {}

  public static String generate(SecureRandom random) {
    return String.format("%06d", random.nextInt(1_000_000));
  }

  public static boolean wellFormed(String code) {
    return code != null && code.matches("\\d{" + DIGITS + "}");
  }
}
