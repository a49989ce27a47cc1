package io.twofold.testsupport;

import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent RFC 6238 (HMAC-SHA-1) implementation, written from the RFC's reference code
 * (RFC 4226 §5.3 dynamic truncation), so tests do not check the service with its own library.
 */
public final class Rfc6238 {

  private Rfc6238() {}

  public static String code(byte[] key, long unixSeconds, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(unixSeconds / 30).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
          | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
      int modulus = (int) Math.pow(10, digits);
      return String.format("%0" + digits + "d", binary % modulus);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
