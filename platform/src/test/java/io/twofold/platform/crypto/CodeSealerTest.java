package io.twofold.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twofold.schemas.delivery.EncryptedCode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeSealerTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static String key() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private final CodeSealer sealer = new CodeSealer(KeyRing.fromBase64(Map.of("c1", key()), "c1", RANDOM));

  @Test
  void opensTheCodeForItsOwnRequest() {
    EncryptedCode sealed = sealer.seal("042917", "req-1");

    assertThat(sealed.getKeyId()).isEqualTo("c1");
    assertThat(sealer.open(sealed, "req-1")).isEqualTo("042917");
  }

  @Test
  void sealedFormNeverContainsTheCode() {
    EncryptedCode sealed = sealer.seal("042917", "req-1");

    assertThat(sealed.toString()).doesNotContain("042917");
    assertThat(new String(sealed.getCiphertext().array())).doesNotContain("042917");
  }

  @Test
  void codeMovedToAnotherRequestDoesNotOpen() {
    EncryptedCode sealed = sealer.seal("042917", "req-1");

    assertThatThrownBy(() -> sealer.open(sealed, "req-2")).isInstanceOf(CryptoFailure.class);
  }

  @Test
  void tamperedCodeDoesNotOpen() {
    EncryptedCode sealed = sealer.seal("042917", "req-1");
    byte[] ciphertext = sealed.getCiphertext().array().clone();
    ciphertext[2] ^= 0x10;
    EncryptedCode tampered = EncryptedCode.newBuilder(sealed).setCiphertext(ByteBuffer.wrap(ciphertext)).build();

    assertThatThrownBy(() -> sealer.open(tampered, "req-1")).isInstanceOf(CryptoFailure.class);
  }

  @Test
  void codeSealedByAnotherKeyRingDoesNotOpen() {
    CodeSealer other = new CodeSealer(KeyRing.fromBase64(Map.of("c1", key()), "c1", RANDOM));

    assertThatThrownBy(() -> sealer.open(other.seal("042917", "req-1"), "req-1")).isInstanceOf(CryptoFailure.class);
  }
}
