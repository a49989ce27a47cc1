package io.twofold.platform.crypto;

import java.util.Map;

/**
 * Configuration of one key ring: base64 256-bit keys by id and the id used for new values. Bound
 * from properties such as {@code twofold.crypto.code-keys.active} and
 * {@code twofold.crypto.code-keys.keys.k1}; values belong in a secret store, not in files.
 */
public record KeyRingProperties(String active, Map<String, String> keys) {

  public KeyRingProperties {
    // A key id with no value is not configured (e.g. an unset environment variable), not a key.
    keys = keys == null ? Map.of() : keys.entrySet().stream()
        .filter(entry -> entry.getValue() != null && !entry.getValue().isBlank())
        .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Binds {@code <prefix>.active} and {@code <prefix>.keys.*}. */
  public static KeyRingProperties bind(org.springframework.core.env.Environment environment, String prefix) {
    return org.springframework.boot.context.properties.bind.Binder.get(environment)
        .bind(prefix, KeyRingProperties.class)
        .orElseThrow(() -> new IllegalStateException(prefix + ".active and " + prefix + ".keys are not set"));
  }

  public KeyRing toKeyRing(java.security.SecureRandom random) {
    if (active == null || keys.isEmpty()) {
      throw new IllegalStateException("key ring needs an active key id and at least one key");
    }
    return KeyRing.fromBase64(keys, active, random);
  }
}
