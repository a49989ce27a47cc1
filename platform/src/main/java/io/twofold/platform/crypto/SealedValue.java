package io.twofold.platform.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * An AES-256-GCM ciphertext with the id of the key that sealed it, so values written before a key
 * rotation stay readable.
 *
 * @param keyId id of the key-ring key used
 * @param nonce the 96-bit GCM nonce, unique per value
 * @param ciphertext ciphertext followed by the 128-bit authentication tag
 */
public record SealedValue(String keyId, byte[] nonce, byte[] ciphertext) {

  public SealedValue {
    Objects.requireNonNull(keyId, "keyId");
    nonce = Objects.requireNonNull(nonce, "nonce").clone();
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedValue that
        && keyId.equals(that.keyId)
        && Arrays.equals(nonce, that.nonce)
        && Arrays.equals(ciphertext, that.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "SealedValue[keyId=" + keyId + ", " + ciphertext.length + " bytes]";
  }
}
