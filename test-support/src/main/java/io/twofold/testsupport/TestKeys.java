package io.twofold.testsupport;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fixed keys the test infrastructure configures every service with (never used outside tests):
 * the code key ring shared by code producers and delivery, the TOTP key ring and the backup-code
 * pepper. Tests use them to open what services sealed.
 */
public final class TestKeys {

  public static final String CODE_KEY_ID = "test-code";
  public static final String CODE_KEY = key("twofold-test-only-code-key-0123456");
  public static final String TOTP_KEY_ID = "test-totp";
  public static final String TOTP_KEY = key("twofold-test-only-totp-key-0123456");
  public static final String BACKUP_CODE_PEPPER = key("twofold-test-only-pepper-012345678");

  private TestKeys() {}

  static Map<String, String> springProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("twofold.crypto.code-keys.active", CODE_KEY_ID);
    properties.put("twofold.crypto.code-keys.keys." + CODE_KEY_ID, CODE_KEY);
    properties.put("twofold.crypto.totp-keys.active", TOTP_KEY_ID);
    properties.put("twofold.crypto.totp-keys.keys." + TOTP_KEY_ID, TOTP_KEY);
    properties.put("twofold.crypto.backup-code-pepper", BACKUP_CODE_PEPPER);
    return properties;
  }

  /** 32 bytes from a 32-character ASCII seed, base64-encoded. */
  private static String key(String seed) {
    byte[] bytes = new byte[32];
    byte[] source = seed.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(source, 0, bytes, 0, Math.min(32, source.length));
    return Base64.getEncoder().encodeToString(bytes);
  }
}
