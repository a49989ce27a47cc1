package io.twofold.challenge.domain;

/**
 * What a code of each way of answering looks like, checked before an attempt is counted: a code
 * that cannot be right (a backup code of the wrong length, letters for an authenticator code) is a
 * typing error to report, not a guess to charge against the user's lockout budget.
 */
public final class CodeFormat {

  private CodeFormat() {}

  /** @return what is wrong with the code for this provider, or null when it has the right shape */
  public static String problem(String provider, String code) {
    if ("BACKUP_CODE".equals(provider)) {
      // ten letters and digits, shown as xxxxx-xxxxx; spaces and dashes do not count
      return code.replaceAll("[\\s-]", "").matches("[A-Za-z0-9]{10}") ? null
          : "a backup code has 10 letters and digits (xxxxx-xxxxx)";
    }
    return code.matches("\\d{6}") ? null : "must be 6 digits";
  }
}
