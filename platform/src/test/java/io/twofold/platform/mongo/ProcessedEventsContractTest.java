package io.twofold.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

class ProcessedEventsContractTest {

  private static MongoClient client;
  private static MongoTemplate mongo;
  private final Instant start = Instant.parse("2026-11-28T10:00:00Z");
  private final ProcessedEvents events =
      new ProcessedEvents(mongo, "processed", Clock.fixed(start, ZoneOffset.UTC), Duration.ofMinutes(5));
  private final String eventId = UUID.randomUUID().toString();

  @BeforeAll
  static void connect() {
    client = MongoClients.create(TwofoldInfrastructure.get().mongoUri("processed_contract"));
    mongo = new MongoTemplate(client, "processed_contract");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void runsAnEventOnceAndSkipsItsDuplicates() {
    AtomicInteger runs = new AtomicInteger();

    assertThat(events.runOnce("c", eventId, runs::incrementAndGet)).isTrue();
    assertThat(events.runOnce("c", eventId, runs::incrementAndGet)).isFalse();

    assertThat(runs).hasValue(1);
    assertThat(events.isProcessed("c", eventId)).isTrue();
  }

  @Test
  void consumersAreIndependent() {
    AtomicInteger runs = new AtomicInteger();
    events.runOnce("a", eventId, runs::incrementAndGet);
    events.runOnce("b", eventId, runs::incrementAndGet);

    assertThat(runs).hasValue(2);
  }

  @Test
  void failedActionReleasesItsClaimSoARetryRunsIt() {
    assertThatThrownBy(() -> events.runOnce("c", eventId, () -> {
      throw new IllegalStateException("transient");
    })).isInstanceOf(IllegalStateException.class);

    AtomicInteger runs = new AtomicInteger();
    assertThat(events.runOnce("c", eventId, runs::incrementAndGet)).isTrue();
    assertThat(runs).hasValue(1);
  }

  @Test
  void freshClaimOfAnotherConsumerInstanceIsReportedInProgress() {
    mongo.insert(new Document("_id", "c:" + eventId).append("state", "IN_PROGRESS").append("claimedAt", start), "processed");

    assertThatThrownBy(() -> events.runOnce("c", eventId, () -> {}))
        .isInstanceOf(ProcessedEvents.EventInProgress.class);
  }

  @Test
  void staleClaimOfACrashedInstanceIsTakenOverSoTheEventIsNotLost() {
    Instant longAgo = start.minus(Duration.ofMinutes(10));
    mongo.insert(new Document("_id", "c:" + eventId).append("state", "IN_PROGRESS").append("claimedAt", longAgo), "processed");
    AtomicInteger runs = new AtomicInteger();

    assertThat(events.runOnce("c", eventId, runs::incrementAndGet)).isTrue();
    assertThat(runs).hasValue(1);
  }

  @Test
  void parallelDeliveriesOfOneEventRunItOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(pool.submit(() -> {
        go.await();
        try {
          events.runOnce("c", eventId, runs::incrementAndGet);
        } catch (ProcessedEvents.EventInProgress busy) {
          // another delivery holds the claim: it will be retried and then skipped
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();

    assertThat(runs).hasValue(1);
  }
}
