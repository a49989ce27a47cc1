package io.twofold.platform.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {

  @Test
  void parsesNColonS() {
    assertThat(RateLimit.parse("3:900")).contains(new RateLimit(3, Duration.ofSeconds(900)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void emptyMeansNoLimit(String spec) {
    assertThat(RateLimit.parse(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"3:0", "0:900", "3", "3:", ":900", "a:b", "3:900:1", "-1:5"})
  void refusesMalformedOrZeroSpecs(String spec) {
    assertThatThrownBy(() -> RateLimit.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(spec);
  }
}
