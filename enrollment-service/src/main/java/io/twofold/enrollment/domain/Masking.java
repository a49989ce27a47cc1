package io.twofold.enrollment.domain;

/**
 * Destinations as shown where the full value is not needed: {@code j***@example.com},
 * {@code +38******12}. Enough for a user to recognise their own, too little to harvest.
 */
public final class Masking {

  private Masking() {}

  public static String email(String email) {
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      return "***";
    }
    return email.charAt(0) + "***" + email.substring(at);
  }

  /**
   * Keeps the first three characters (the plus and the start of the country code) and the last
   * two, with a fixed run of stars between, so the mask does not tell the number's length either.
   */
  public static String phone(String e164) {
    if (e164.length() <= 5) {
      return "*".repeat(e164.length());
    }
    return e164.substring(0, 3) + "******" + e164.substring(e164.length() - 2);
  }
}
