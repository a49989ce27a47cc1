package io.twofold.platform.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] AAD = "factor-42".getBytes(UTF_8);

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private final String k1 = newKey();
  private final String k2 = newKey();
  private final KeyRing ring = KeyRing.fromBase64(Map.of("k1", k1), "k1", RANDOM);

  @Test
  void opensWhatItSealed() {
    SealedValue sealed = ring.seal("JBSWY3DPEHPK3PXP".getBytes(UTF_8), AAD);

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(new String(ring.open(sealed, AAD), UTF_8)).isEqualTo("JBSWY3DPEHPK3PXP");
  }

  @Test
  void ciphertextDoesNotContainThePlaintext() {
    byte[] plaintext = "123456".getBytes(UTF_8);
    SealedValue sealed = ring.seal(plaintext, AAD);

    assertThat(new String(sealed.ciphertext(), UTF_8)).doesNotContain("123456");
  }

  @Test
  void usesAFreshNonceForEveryValue() {
    SealedValue first = ring.seal(new byte[] {1}, AAD);
    SealedValue second = ring.seal(new byte[] {1}, AAD);

    assertThat(first.nonce()).isNotEqualTo(second.nonce());
    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
  }

  @Nested
  class RefusesTampering {

    @Test
    void refusesAFlippedCiphertextBit() {
      SealedValue sealed = ring.seal("secret".getBytes(UTF_8), AAD);
      byte[] tampered = sealed.ciphertext();
      tampered[0] ^= 0x01;

      assertThatThrownBy(() -> ring.open(new SealedValue("k1", sealed.nonce(), tampered), AAD))
          .isInstanceOf(CryptoFailure.class)
          .hasMessageContaining("authentication");
    }

    @Test
    void refusesAFlippedTagBit() {
      SealedValue sealed = ring.seal("secret".getBytes(UTF_8), AAD);
      byte[] tampered = sealed.ciphertext();
      tampered[tampered.length - 1] ^= 0x01;

      assertThatThrownBy(() -> ring.open(new SealedValue("k1", sealed.nonce(), tampered), AAD))
          .isInstanceOf(CryptoFailure.class);
    }

    @Test
    void refusesAValueMovedToAnotherContext() {
      SealedValue sealed = ring.seal("secret".getBytes(UTF_8), AAD);

      assertThatThrownBy(() -> ring.open(sealed, "factor-43".getBytes(UTF_8)))
          .isInstanceOf(CryptoFailure.class);
    }

    @Test
    void refusesAnUnknownKeyId() {
      SealedValue sealed = ring.seal("secret".getBytes(UTF_8), AAD);

      assertThatThrownBy(() -> ring.open(new SealedValue("k9", sealed.nonce(), sealed.ciphertext()), AAD))
          .isInstanceOf(CryptoFailure.class)
          .hasMessageContaining("k9");
    }
  }

  @Nested
  class Rotation {

    @Test
    void valuesSealedUnderAnOlderKeyStillOpenAfterRotation() {
      SealedValue old = ring.seal("old secret".getBytes(UTF_8), AAD);
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("k1", k1);
      keys.put("k2", k2);
      KeyRing rotated = KeyRing.fromBase64(keys, "k2", RANDOM);

      assertThat(new String(rotated.open(old, AAD), UTF_8)).isEqualTo("old secret");
      assertThat(rotated.seal(new byte[] {1}, AAD).keyId()).isEqualTo("k2");
    }

    @Test
    void valuesOfARetiredKeyNoLongerOpen() {
      SealedValue old = ring.seal("old secret".getBytes(UTF_8), AAD);
      KeyRing retired = KeyRing.fromBase64(Map.of("k2", k2), "k2", RANDOM);

      assertThatThrownBy(() -> retired.open(old, AAD)).isInstanceOf(CryptoFailure.class);
    }
  }

  @Test
  void refusesKeysThatAreNot256Bits() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k", shortKey), "k", RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bits");
  }

  @Test
  void refusesAnActiveKeyThatIsNotInTheRing() {
    assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", k1), "k2", RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
