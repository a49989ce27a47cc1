package io.twofold.delivery.app;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twofold.delivery.config.DeliveryProperties;
import io.twofold.delivery.config.Senders;
import io.twofold.delivery.domain.Backoff;
import io.twofold.delivery.kafka.DeliveryEventPublisher;
import io.twofold.delivery.message.MessageRenderer;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.crypto.CodeSealer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryWorkerTest {

  @Test
  void aJobWaitingInThePoolIsNotQueuedAgainWhenThePollerFindsIt() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(jobs.claim(eq("blocker"), any(), any())).thenAnswer(call -> {
      busy.countDown();
      release.await(10, TimeUnit.SECONDS);
      return Optional.empty();
    });
    when(jobs.claim(eq("pending"), any(), any())).thenReturn(Optional.empty());
    DeliveryWorker worker = worker(jobs);
    try {
      worker.submit("blocker"); // holds the only worker thread
      busy.await(10, TimeUnit.SECONDS);
      for (int poll = 0; poll < 20; poll++) {
        worker.submit("pending"); // the listener's hand-over, then the poller finding it PENDING
      }
      release.countDown();
      verify(jobs, timeout(10_000)).claim(eq("pending"), any(), any());
      worker.submit("sentinel"); // one thread, first in first out: after it, nothing is left queued
      verify(jobs, timeout(10_000)).claim(eq("sentinel"), any(), any());

      verify(jobs, times(1)).claim(eq("pending"), any(), any());

      worker.submit("pending"); // once attempted, the job may be submitted again (a retry's timer)
      verify(jobs, timeout(10_000).times(2)).claim(eq("pending"), any(), any());
    } finally {
      worker.destroy();
    }
  }

  private static DeliveryWorker worker(DeliveryJobStore jobs) {
    DeliveryProperties properties = new DeliveryProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60), null, null);
    return new DeliveryWorker(jobs, mock(Senders.class), mock(MessageRenderer.class), mock(CodeSealer.class),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1)), mock(DeliveryEventPublisher.class),
        properties, new SimpleMeterRegistry(), Clock.systemUTC());
  }
}
