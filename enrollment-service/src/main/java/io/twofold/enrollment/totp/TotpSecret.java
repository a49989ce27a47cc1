package io.twofold.enrollment.totp;

import java.security.SecureRandom;
import org.apache.commons.codec.binary.Base32;

/** A TOTP shared secret: 160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226 §4. */
public final class TotpSecret {

  public static final int BYTES = 20;

  private TotpSecret() {}

  public static byte[] generate(SecureRandom random) {
    byte[] secret = new byte[BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** Base32 without padding, as authenticator apps expect it (Key Uri Format). */
  public static String base32(byte[] secret) {
    return new Base32().encodeToString(secret).replace("=", "");
  }
}
