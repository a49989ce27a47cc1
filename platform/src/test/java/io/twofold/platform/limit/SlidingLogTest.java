package io.twofold.platform.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingLogTest {

  private final RateLimit threePer10s = new RateLimit(3, Duration.ofSeconds(10));

  @Test
  void aLogWithFewerPermitsThanTheLimitHasRoom() {
    assertThat(SlidingLog.retryAfter(List.of(9_000L, 9_500L), threePer10s, 10_000L)).isEmpty();
  }

  @Test
  void aFullLogHasRoomOnceItsOldestPermitLeavesTheWindow() {
    List<Long> full = List.of(1_000L, 5_000L, 9_000L);

    assertThat(SlidingLog.retryAfter(full, threePer10s, 10_999L)).contains(Duration.ofSeconds(1));
    assertThat(SlidingLog.retryAfter(full, threePer10s, 11_000L)).isEmpty();
  }

  @Test
  void theWaitIsRoundedUpToWholeSecondsAndNeverZero() {
    // The oldest permit leaves the window in 8,001 ms: 9 s, not 8 (Retry-After is in seconds).
    assertThat(SlidingLog.retryAfter(List.of(1_000L, 5_000L, 9_000L), threePer10s, 2_999L))
        .contains(Duration.ofSeconds(9));
    assertThat(SlidingLog.retryAfter(List.of(1_000L, 5_000L, 9_000L), threePer10s, 10_999L))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void theWaitCountsFromTheOldestPermitWhateverTheOrderRead() {
    assertThat(SlidingLog.retryAfter(List.of(9_000, 1_000L, 5_000), threePer10s, 6_000L))
        .contains(Duration.ofSeconds(5));
  }
}
