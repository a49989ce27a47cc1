package io.twofold.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PepperedHasherTest {

  private static byte[] pepper(int fill) {
    byte[] pepper = new byte[32];
    Arrays.fill(pepper, (byte) fill);
    return pepper;
  }

  private final PepperedHasher hasher = new PepperedHasher(pepper(7));

  @Test
  void matchesTheValueItHashed() {
    String stored = hasher.hash("a1b2-c3d4");

    assertThat(hasher.matches("a1b2-c3d4", stored)).isTrue();
    assertThat(hasher.matches("a1b2-c3d5", stored)).isFalse();
  }

  @Test
  void hashIsStableForLookupAndNeverThePlainValue() {
    assertThat(hasher.hash("a1b2-c3d4")).isEqualTo(hasher.hash("a1b2-c3d4")).doesNotContain("a1b2");
  }

  @Test
  void anotherPepperGivesAnotherHash() {
    assertThat(new PepperedHasher(pepper(8)).hash("a1b2-c3d4")).isNotEqualTo(hasher.hash("a1b2-c3d4"));
  }

  @Test
  void malformedStoredHashNeverMatches() {
    assertThat(hasher.matches("a1b2-c3d4", "not-hex")).isFalse();
  }

  @Test
  void refusesAShortPepper() {
    assertThatThrownBy(() -> new PepperedHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }
}
