package io.twofold.enrollment.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30},
 * per Google Authenticator's Key Uri Format: the issuer both prefixes the label and is repeated as
 * a parameter, so that every app shows it.
 */
public final class OtpAuthUri {

  private OtpAuthUri() {}

  public static String of(String issuer, String accountName, byte[] secret) {
    String label = encode(issuer) + ":" + encode(accountName);
    return "otpauth://totp/" + label
        + "?secret=" + TotpSecret.base32(secret)
        + "&issuer=" + encode(issuer)
        + "&algorithm=SHA1&digits=" + TotpVerifier.DIGITS
        + "&period=" + TotpVerifier.PERIOD.toSeconds();
  }

  /** Percent-encoding as in RFC 3986 (spaces as %20, not +). */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
