package io.twofold.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 keyed with a server-side pepper, for short secrets such as backup codes that must be
 * findable by value but never stored in clear. Without the pepper a stolen database cannot be
 * brute-forced offline, which a plain hash of a 10-character code would allow.
 */
public final class PepperedHasher {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_PEPPER_BYTES = 32;

  private final SecretKeySpec pepper;

  public PepperedHasher(byte[] pepper) {
    if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("pepper must be at least 256 bits");
    }
    this.pepper = new SecretKeySpec(pepper, ALGORITHM);
  }

  /** Lower-case hex HMAC of the value, stable for the same pepper: usable as a lookup key. */
  public String hash(String value) {
    return HexFormat.of().formatHex(mac(value));
  }

  /** Constant-time check of a candidate against a stored hash. */
  public boolean matches(String candidate, String storedHash) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(candidate), expected);
  }

  private byte[] mac(String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(pepper);
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
