package io.twofold.delivery.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ServiceIntegrationTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job leased by its insert, against the real wire server: its lease is kept only while it is still
 * the inserting worker's (the lease's end, to the stored millisecond, unchanged), and a lease given
 * back makes the job due at once with its first claim undone.
 */
@ServiceIntegrationTest
@org.springframework.test.context.ActiveProfiles("local")
class DeliveryJobLeaseTest {

  @Autowired DeliveryJobStore jobs;

  private static DeliveryJob job(String id, Instant now) {
    return new DeliveryJob(id, "u", "t", null, null, "LOGIN", "SMS", "+380501234512", "k", new Binary(new byte[12]),
        new Binary(new byte[20]), null, Map.of(), null, now.plusSeconds(300), DeliveryJob.State.PENDING, 0, now, null,
        null, null, now, null, 0, 0);
  }

  @Test
  void aLeaseTakenAtTheInsertIsKeptOnlyWhileNobodyClaimedTheJob() {
    Instant now = Instant.now(); // finer than the stored millisecond
    Instant until = now.plusSeconds(60);
    String id = "lease-" + UUID.randomUUID();
    assertThat(jobs.insertIfAbsent(job(id, now).leasedUntil(until))).isTrue();

    assertThat(jobs.keepLease(id, until, until.plusSeconds(20))).as("still this worker's").isTrue();
    assertThat(jobs.keepLease(id, until, until.plusSeconds(40))).as("the lease it read has changed").isFalse();

    String overtaken = "lease-" + UUID.randomUUID();
    jobs.insertIfAbsent(job(overtaken, now).leasedUntil(now.minusSeconds(1))); // its lease ran out
    assertThat(jobs.claim(overtaken, now, java.time.Duration.ofSeconds(60))).as("another worker claims it").isPresent();
    assertThat(jobs.keepLease(overtaken, now.minusSeconds(1), now.plusSeconds(60))).isFalse();
  }

  @Test
  void aLeaseGivenBackMakesTheJobDueAtOnceAsIfNeverClaimed() {
    Instant now = Instant.now();
    Instant until = now.plusSeconds(60);
    String id = "lease-" + UUID.randomUUID();
    jobs.insertIfAbsent(job(id, now).leasedUntil(until));
    assertThat(jobs.claim(id, now.plusSeconds(1), java.time.Duration.ofSeconds(60))).as("leased").isEmpty();

    jobs.giveBackLease(id, until, now);

    DeliveryJob given = jobs.find(id).orElseThrow();
    assertThat(given.state()).isEqualTo(DeliveryJob.State.PENDING);
    assertThat(given.dueAt()).isBeforeOrEqualTo(now.plusSeconds(1));
    DeliveryJob claimed = jobs.claim(id, now.plusSeconds(1), java.time.Duration.ofSeconds(60)).orElseThrow();
    assertThat(claimed.attempt()).as("the first claim, which charges the SMS budgets").isEqualTo(1);
    assertThat(claimed.providerAttempts()).isEqualTo(1);
  }
}
