package io.twofold.platform.crypto;

/**
 * A value could not be opened: unknown key id, wrong associated data or a tampered ciphertext. The
 * message never contains key material or plaintext.
 */
public class CryptoFailure extends RuntimeException {

  public CryptoFailure(String message) {
    super(message);
  }

  public CryptoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
