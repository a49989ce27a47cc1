package io.twofold.platform.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.twofold.schemas.delivery.EncryptedCode;
import java.nio.ByteBuffer;

/**
 * Seals one-time codes for {@code CodeRequest} events (DESIGN §3, §6): AES-256-GCM under the key
 * ring shared only by the code producers (challenge, enrollment) and delivery, with the request id
 * as associated data, so a sealed code moved to another request does not open.
 */
public final class CodeSealer {

  private final KeyRing keys;

  public CodeSealer(KeyRing keys) {
    this.keys = keys;
  }

  public EncryptedCode seal(String code, String requestId) {
    SealedValue sealed = sealValue(code, requestId);
    return EncryptedCode.newBuilder()
        .setKeyId(sealed.keyId())
        .setNonce(ByteBuffer.wrap(sealed.nonce()))
        .setCiphertext(ByteBuffer.wrap(sealed.ciphertext()))
        .build();
  }

  /**
   * @throws CryptoFailure if the key is unknown, the value was altered or belongs to another request
   */
  public String open(EncryptedCode encrypted, String requestId) {
    return openValue(
        new SealedValue(encrypted.getKeyId(), bytes(encrypted.getNonce()), bytes(encrypted.getCiphertext())), requestId);
  }

  /** Seals a code bound to any context (a request id, or a challenge that keeps its code). */
  public SealedValue sealValue(String code, String context) {
    return keys.seal(code.getBytes(UTF_8), context.getBytes(UTF_8));
  }

  /** @throws CryptoFailure as {@link #open} */
  public String openValue(SealedValue sealed, String context) {
    return new String(keys.open(sealed, context.getBytes(UTF_8)), UTF_8);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
