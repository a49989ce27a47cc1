package io.twofold.enrollment.totp;

import io.twofold.testsupport.Rfc6238;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpVerifierTest {

  /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
  private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  private final TotpVerifier verifier = new TotpVerifier();

  @ParameterizedTest(name = "T={0}")
  @CsvSource({
      "59, 94287082",
      "1111111109, 07081804",
      "1111111111, 14050471",
      "1234567890, 89005924",
      "2000000000, 69279037",
      "20000000000, 65353130"})
  void rfc6238Sha1TestVectors(long time, String eightDigits) {
    assertThat(Rfc6238.code(RFC_SEED, time, 8)).isEqualTo(eightDigits);
    // Six digits are the same truncated value modulo 10^6: the last six of the eight.
    String sixDigits = eightDigits.substring(2);
    assertThat(verifier.codeAt(RFC_SEED, time / 30)).isEqualTo(sixDigits);
    assertThat(verifier.matchingStep(RFC_SEED, sixDigits, Instant.ofEpochSecond(time))).hasValue(time / 30);
  }

  @Test
  void acceptsOneStepOfDriftEitherSideAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    long step = TotpVerifier.step(now);

    assertThat(verifier.matchingStep(RFC_SEED, verifier.codeAt(RFC_SEED, step - 1), now)).hasValue(step - 1);
    assertThat(verifier.matchingStep(RFC_SEED, verifier.codeAt(RFC_SEED, step + 1), now)).hasValue(step + 1);
    assertThat(verifier.matchingStep(RFC_SEED, verifier.codeAt(RFC_SEED, step - 2), now)).isEmpty();
    assertThat(verifier.matchingStep(RFC_SEED, verifier.codeAt(RFC_SEED, step + 2), now)).isEmpty();
  }

  @Test
  void refusesMalformedCodes() {
    Instant now = Instant.ofEpochSecond(59);
    assertThat(verifier.matchingStep(RFC_SEED, "28708", now)).isEmpty();
    assertThat(verifier.matchingStep(RFC_SEED, "2870820", now)).isEmpty();
    assertThat(verifier.matchingStep(RFC_SEED, "28708a", now)).isEmpty();
    assertThat(verifier.matchingStep(RFC_SEED, null, now)).isEmpty();
  }
}
