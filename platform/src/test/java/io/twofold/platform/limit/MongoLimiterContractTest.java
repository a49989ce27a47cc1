package io.twofold.platform.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.twofold.testsupport.MutableClock;
import io.twofold.testsupport.Parallel;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The limiter and counter against the real Mongo wire server, including parallel callers. */
class MongoLimiterContractTest {

  private static MongoClient client;
  private static MongoTemplate mongo;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final String key = "user-" + UUID.randomUUID();

  @BeforeAll
  static void connect() {
    client = MongoClients.create(TwofoldInfrastructure.get().mongoUri("limiter_contract"));
    mongo = new MongoTemplate(client, "limiter_contract");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Nested
  class RateLimiter {

    private final MongoRateLimiter limiter = new MongoRateLimiter(mongo, "rate_limits", clock);
    private final RateLimit threePer900s = new RateLimit(3, Duration.ofSeconds(900));

    @Test
    void fiftyParallelCallersGetExactlyThreePermits() throws Exception {
      List<RateDecision> decisions = Parallel.run(50, () -> limiter.tryAcquire(key, threePer900s));

      assertThat(decisions.stream().filter(RateDecision::allowed).count()).isEqualTo(3);
      assertThat(decisions).filteredOn(d -> d instanceof RateDecision.Limited).hasSize(47);
    }

    @Test
    void limitedCallersAreToldWhenToRetry() {
      for (int i = 0; i < 3; i++) {
        limiter.tryAcquire(key, threePer900s);
        clock.advance(Duration.ofSeconds(100));
      }

      RateDecision decision = limiter.tryAcquire(key, threePer900s);

      // The oldest permit was taken 300 s ago; it leaves the 900 s window in 600 s.
      assertThat(decision).isEqualTo(new RateDecision.Limited(Duration.ofSeconds(600)));
    }

    @Test
    void windowSlidesInsteadOfResettingAtABoundary() {
      limiter.tryAcquire(key, threePer900s);
      clock.advance(Duration.ofSeconds(899));
      limiter.tryAcquire(key, threePer900s);
      limiter.tryAcquire(key, threePer900s);
      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isFalse();

      clock.advance(Duration.ofSeconds(1)); // the first permit leaves the window
      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isTrue();
      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isFalse();
    }

    @Test
    void aReleasedPermitCanBeTakenAgainAndOnlyThatOne() {
      RateDecision first = limiter.tryAcquire(key, threePer900s);
      clock.advance(Duration.ofSeconds(1));
      limiter.tryAcquire(key, threePer900s);
      clock.advance(Duration.ofSeconds(1));
      RateDecision third = limiter.tryAcquire(key, threePer900s);
      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isFalse();

      limiter.release(key, (RateDecision.Allowed) third);

      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isTrue();
      assertThat(limiter.tryAcquire(key, threePer900s).allowed()).isFalse();
      assertThat(first.allowed()).isTrue();
    }

    @Test
    void keysAreIndependentAndResetForgetsOne() {
      for (int i = 0; i < 3; i++) {
        limiter.tryAcquire(key, threePer900s);
      }
      assertThat(limiter.tryAcquire(key + "-other", threePer900s).allowed()).isTrue();

      limiter.reset(key);

      assertThat(limiter.tryAcquire(key, threePer900s)).isInstanceOfSatisfying(RateDecision.Allowed.class,
          allowed -> assertThat(allowed.remaining()).isEqualTo(2));
    }
  }

  @Nested
  class Counter {

    private final MongoCounter counter = new MongoCounter(mongo, "counters", clock);

    @Test
    void parallelIncrementsAreNeverLost() throws Exception {
      List<Long> values = Parallel.run(50, () -> counter.incrementAndGet(key));

      assertThat(counter.get(key)).isEqualTo(50);
      assertThat(values).doesNotHaveDuplicates();
    }

    @Test
    void resetStartsOver() {
      counter.incrementAndGet(key);
      counter.reset(key);

      assertThat(counter.get(key)).isZero();
      assertThat(counter.incrementAndGet(key)).isEqualTo(1);
    }
  }

}
