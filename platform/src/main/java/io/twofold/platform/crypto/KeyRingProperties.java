package io.twofold.platform.crypto;

import java.util.Map;

/**
 * Configuration of one key ring: base64 256-bit keys by id and the id used for new values. Bound
 * from properties such as {@code twofold.crypto.code-keys.active} and
 * {@code twofold.crypto.code-keys.keys.k1}; values belong in a secret store, not in files.
 */
public record KeyRingProperties(String active, Map<String, String> keys) {

  public KeyRingProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }

  public KeyRing toKeyRing(java.security.SecureRandom random) {
    if (active == null || keys.isEmpty()) {
      throw new IllegalStateException("key ring needs an active key id and at least one key");
    }
    return KeyRing.fromBase64(keys, active, random);
  }
}
