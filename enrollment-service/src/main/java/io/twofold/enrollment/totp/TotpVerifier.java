package io.twofold.enrollment.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 with SHA-1, 6 digits, 30-second steps (the defaults authenticator apps use), accepting
 * the current step and one on either side for clock drift (RFC 6238 §5.2). Every candidate is
 * computed and compared in constant time, so timing tells nothing about which step matched.
 * Replay protection is the caller's, with the matched step (see {@code SecretStore}).
 */
public final class TotpVerifier {

  public static final int DIGITS = 6;
  public static final Duration PERIOD = Duration.ofSeconds(30);
  private static final int DRIFT_STEPS = 1;

  private final TimeBasedOneTimePasswordGenerator generator =
      new TimeBasedOneTimePasswordGenerator(PERIOD, DIGITS);

  /** @return the time step the code belongs to, if it is valid now */
  public OptionalLong matchingStep(byte[] secret, String code, Instant now) {
    if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
      return OptionalLong.empty();
    }
    SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA1");
    long current = step(now);
    long matched = -1;
    for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
      String expected = codeAt(key, step);
      if (MessageDigest.isEqual(expected.getBytes(), code.getBytes())) {
        matched = step;
      }
    }
    return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
  }

  /** The code for a time step (used by tests and by nothing that sends codes). */
  public String codeAt(byte[] secret, long step) {
    return codeAt(new SecretKeySpec(secret, "HmacSHA1"), step);
  }

  public static long step(Instant time) {
    return time.getEpochSecond() / PERIOD.toSeconds();
  }

  private String codeAt(SecretKeySpec key, long step) {
    try {
      return generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * PERIOD.toSeconds()));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("invalid TOTP secret", e);
    }
  }
}
