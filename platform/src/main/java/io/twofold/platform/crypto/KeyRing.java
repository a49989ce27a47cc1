package io.twofold.platform.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with several readable keys and one active key. New values are sealed with the active
 * key; any value sealed with a key still in the ring opens, so keys rotate without re-encrypting
 * everything at once. Associated data binds a ciphertext to its context (a factor id, a request id):
 * moved to another context, it no longer opens.
 */
public final class KeyRing {

  /** NIST SP 800-38D §8.2.2: 96-bit random nonces. */
  private static final int NONCE_BYTES = 12;

  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;
  private final SecureRandom random;

  public KeyRing(Map<String, byte[]> keys, String activeKeyId, SecureRandom random) {
    Objects.requireNonNull(activeKeyId, "activeKeyId");
    this.random = Objects.requireNonNull(random, "random");
    Map<String, SecretKey> copy = new LinkedHashMap<>();
    keys.forEach((id, material) -> copy.put(id, aesKey(id, material)));
    if (!copy.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("active key '" + activeKeyId + "' is not in the key ring");
    }
    this.keys = Map.copyOf(copy);
    this.activeKeyId = activeKeyId;
  }

  /** Builds a ring from base64-encoded 256-bit keys, as written in configuration. */
  public static KeyRing fromBase64(Map<String, String> keys, String activeKeyId, SecureRandom random) {
    Map<String, byte[]> decoded = new LinkedHashMap<>();
    keys.forEach((id, encoded) -> decoded.put(id, decode(id, encoded)));
    return new KeyRing(decoded, activeKeyId, random);
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  public SealedValue seal(byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      return new SealedValue(activeKeyId, nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens a value sealed by this ring.
   *
   * @throws CryptoFailure if the key id is unknown, or the ciphertext, nonce or associated data were
   *     altered (GCM authentication fails)
   */
  public byte[] open(SealedValue sealed, byte[] associatedData) {
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      throw new CryptoFailure("no key '" + sealed.keyId() + "' in the key ring");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed.ciphertext());
    } catch (javax.crypto.AEADBadTagException e) {
      throw new CryptoFailure("ciphertext failed authentication (tampered, or wrong context)", e);
    } catch (GeneralSecurityException e) {
      throw new CryptoFailure("ciphertext could not be opened", e);
    }
  }

  private static SecretKey aesKey(String id, byte[] material) {
    if (material == null || material.length != KEY_BYTES) {
      throw new IllegalArgumentException("key '" + id + "' must be 256 bits");
    }
    return new SecretKeySpec(material, "AES");
  }

  private static byte[] decode(String id, String encoded) {
    try {
      return Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + id + "' is not valid base64");
    }
  }
}
