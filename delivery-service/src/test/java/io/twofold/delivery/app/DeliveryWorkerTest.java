package io.twofold.delivery.app;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twofold.delivery.config.DeliveryProperties;
import io.twofold.delivery.config.Senders;
import io.twofold.delivery.domain.Backoff;
import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import io.twofold.delivery.kafka.DeliveryEventPublisher;
import io.twofold.delivery.message.MessageRenderer;
import io.twofold.delivery.provider.MessageSender;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.types.Binary;
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
      worker.submit("blocker", "SMS"); // holds the only worker thread
      busy.await(10, TimeUnit.SECONDS);
      for (int poll = 0; poll < 20; poll++) {
        worker.submit("pending", "SMS"); // the listener's hand-over, then the poller finding it PENDING
      }
      release.countDown();
      verify(jobs, timeout(10_000)).claim(eq("pending"), any(), any());
      worker.submit("sentinel", "SMS"); // one thread, first in first out: after it, nothing is left queued
      verify(jobs, timeout(10_000)).claim(eq("sentinel"), any(), any());

      verify(jobs, times(1)).claim(eq("pending"), any(), any());

      worker.submit("pending", "SMS"); // once attempted, the job may be submitted again (a retry's timer)
      verify(jobs, timeout(10_000).times(2)).claim(eq("pending"), any(), any());
    } finally {
      worker.destroy();
    }
  }

  @Test
  void aStalledEmailProviderHoldsUpEmailOnlyNeverSms() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    CountDownLatch release = new CountDownLatch(1);
    when(jobs.claim(eq("stalled-email"), any(), any())).thenAnswer(call -> {
      release.await(10, TimeUnit.SECONDS);
      return Optional.empty();
    });
    when(jobs.claim(eq("sms"), any(), any())).thenReturn(Optional.empty());
    DeliveryWorker worker = worker(jobs);
    try {
      worker.submit("stalled-email", "EMAIL"); // holds the one email worker

      worker.submit("sms", "SMS");

      verify(jobs, timeout(5_000)).claim(eq("sms"), any(), any());
    } finally {
      release.countDown();
      worker.destroy();
    }
  }

  @Test
  void theLeaseIsRenewedWhileASendTakesLongerThanIt() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    Instant now = Instant.now();
    when(jobs.claim(eq("slow"), any(), any())).thenReturn(Optional.of(new DeliveryJob("slow", "u", null, null, null,
        "LOGIN", "SMS", "+380501234512", "k", new Binary(new byte[12]), new Binary(new byte[20]), null, Map.of(),
        null, now.plusSeconds(300), DeliveryJob.State.IN_FLIGHT, 1, now.plusMillis(300), null, null, null, now, null, 0, 1)));
    MessageSender slow = mock(MessageSender.class);
    when(slow.name()).thenReturn("slow");
    when(slow.send(any())).thenAnswer(call -> {
      Thread.sleep(1_500); // five times the lease
      return new SendOutcome.Sent("m-1");
    });
    DeliveryWorker worker = sendingWorker(jobs, slow, Duration.ofMillis(300));
    try {
      worker.submit("slow", "SMS");

      verify(jobs, timeout(5_000)).finish(eq("slow"), eq(DeliveryJob.State.SENT), any(), eq("m-1"), any(), any(),
          eq("event-1"));
      verify(jobs, atLeast(3)).renewLease(eq("slow"), any());
    } finally {
      worker.destroy();
    }
  }

  /**
   * A send a toll-fraud budget refuses never reaches the provider and ends FAILED naming the budget
   * (the login page shows it through the challenge's last delivery); a retry of a code is not
   * charged again.
   */
  @Test
  void aSendRefusedByABudgetNeverReachesTheProviderAndARetryIsNotChargedAgain() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    Instant now = Instant.now();
    when(jobs.claim(eq("pumped"), any(), any())).thenReturn(Optional.of(smsJob("pumped", 1, now)));
    when(jobs.claim(eq("retried"), any(), any())).thenReturn(Optional.of(smsJob("retried", 2, now)));
    when(jobs.finish(any(), any(), any(), any(), any(), any(), any())).thenReturn(true);
    io.twofold.delivery.budget.SmsBudgets budgets = mock(io.twofold.delivery.budget.SmsBudgets.class);
    when(budgets.charge(any(), any())).thenReturn(Optional.of(new io.twofold.delivery.budget.SmsBudgets.Refusal("PREFIX_HOURLY")));
    MessageSender provider = sendingAs("twilio", "m-2");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DeliveryWorker worker = sendingWorker(jobs, provider, Duration.ofSeconds(60), budgets, meters);
    try {
      worker.attempt("pumped");
      worker.attempt("retried");

      verify(jobs).finish(eq("pumped"), eq(DeliveryJob.State.FAILED), eq("budget"), eq(null),
          eq("REFUSED_PREFIX_HOURLY"), any(), eq("event-1"));
      verify(provider, times(1)).send(any()); // the retried job only
      verify(budgets, times(1)).charge(any(), any());
      verify(jobs).finish(eq("retried"), eq(DeliveryJob.State.SENT), eq("twilio"), eq("m-2"), any(), any(), any());
      org.assertj.core.api.Assertions.assertThat(meters.counter("twofold.delivery.refused", "channel", "SMS",
          "budget", "PREFIX_HOURLY").count()).isEqualTo(1);
    } finally {
      worker.destroy();
    }
  }

  /** Issue 16: a job leased by its insert is sent without a claim, the one round trip it saves. */
  @Test
  void aJobLeasedAtItsInsertIsSentWithoutBeingClaimedAgain() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    when(jobs.finish(any(), any(), any(), any(), any(), any(), any())).thenReturn(true);
    MessageSender provider = sendingAs("twilio", "m-3");
    DeliveryWorker worker = sendingWorker(jobs, provider, Duration.ofSeconds(60));
    Instant now = Instant.now();
    try {
      worker.submitLeased(smsJob("fresh", 0, now).leasedUntil(now.plusSeconds(60)));

      verify(jobs, timeout(5_000)).finish(eq("fresh"), eq(DeliveryJob.State.SENT), eq("twilio"), eq("m-3"), any(),
          any(), any());
      verify(jobs, never()).claim(any(), any(), any());
      verify(jobs, never()).keepLease(any(), any(), any());
    } finally {
      worker.destroy();
    }
  }

  /**
   * A leased job that waited in the pool past a third of its lease is sent only if the lease is
   * still this worker's: another worker that took it over when it ran out sends it, not both.
   */
  @Test
  void aLeasedJobThatWaitedTooLongIsSentOnlyIfTheLeaseIsStillItsOwn() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    Instant now = Instant.now();
    Instant overtaken = now.plusMillis(100); // a third of 60 s is long gone
    Instant kept = now.plusMillis(200);
    when(jobs.keepLease(eq("overtaken"), eq(overtaken), any())).thenReturn(false);
    when(jobs.keepLease(eq("kept"), eq(kept), any())).thenReturn(true);
    when(jobs.finish(any(), any(), any(), any(), any(), any(), any())).thenReturn(true);
    MessageSender provider = sendingAs("twilio", "m-4");
    DeliveryWorker worker = sendingWorker(jobs, provider, Duration.ofSeconds(60));
    try {
      worker.submitLeased(smsJob("overtaken", 0, now).leasedUntil(overtaken));
      worker.submitLeased(smsJob("kept", 0, now).leasedUntil(kept));

      verify(jobs, timeout(5_000)).finish(eq("kept"), eq(DeliveryJob.State.SENT), any(), any(), any(), any(), any());
      verify(jobs, never()).finish(eq("overtaken"), any(), any(), any(), any(), any(), any());
      verify(provider, times(1)).send(any());
    } finally {
      worker.destroy();
    }
  }

  /** A stopping instance gives back the leases of jobs whose send never began: due at once elsewhere. */
  @Test
  void aStoppingInstanceGivesBackTheLeasesOfJobsItHasNotBegunToSend() throws Exception {
    DeliveryJobStore jobs = mock(DeliveryJobStore.class);
    CountDownLatch busy = new CountDownLatch(1);
    when(jobs.claim(eq("blocker"), any(), any())).thenAnswer(call -> {
      busy.countDown();
      Thread.sleep(30_000); // interrupted by the stop
      return Optional.empty();
    });
    DeliveryWorker worker = worker(jobs); // one SMS worker
    Instant now = Instant.now();
    Instant until = now.plusSeconds(60);
    worker.submit("blocker", "SMS");
    busy.await(10, TimeUnit.SECONDS);
    worker.submitLeased(smsJob("waiting", 0, now).leasedUntil(until));

    worker.destroy();

    verify(jobs).giveBackLease(eq("waiting"), eq(until), any());
    verify(jobs, never()).giveBackLease(eq("blocker"), any(), any());
  }

  private static MessageSender sendingAs(String name, String messageId) {
    MessageSender provider = mock(MessageSender.class);
    when(provider.name()).thenReturn(name);
    when(provider.send(any())).thenReturn(new SendOutcome.Sent(messageId));
    return provider;
  }

  private static DeliveryWorker sendingWorker(DeliveryJobStore jobs, MessageSender provider, Duration lease) {
    return sendingWorker(jobs, provider, lease, mock(io.twofold.delivery.budget.SmsBudgets.class),
        new SimpleMeterRegistry());
  }

  /** One SMS worker sending through {@code provider}, whose codes open to 123456. */
  private static DeliveryWorker sendingWorker(DeliveryJobStore jobs, MessageSender provider, Duration lease,
      io.twofold.delivery.budget.SmsBudgets budgets, SimpleMeterRegistry meters) {
    Senders senders = mock(Senders.class);
    when(senders.chain(OutgoingMessage.Channel.SMS)).thenReturn(java.util.List.of(provider));
    DeliveryEventPublisher events = mock(DeliveryEventPublisher.class);
    when(events.outcome(any(), any(), any(), any(), any(), any()))
        .thenReturn(new Outbox.Pending("event-1", "twofold.deliveries", "u", null));
    return new DeliveryWorker(jobs, senders, renderingSms("+380501234512", "123456"), opening("123456"),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1)), events,
        new DeliveryProperties(1, Duration.ofSeconds(1), lease, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(60), null, null, true, null, null,
            new DeliveryProperties.Chains(java.util.List.of(), java.util.List.of()), 3,
            new DeliveryProperties.Receipts(null, null)),
        meters, Clock.systemUTC(), budgets);
  }

  private static CodeSealer opening(String code) {
    CodeSealer sealer = mock(CodeSealer.class);
    when(sealer.openValue(any(), any())).thenReturn(code);
    return sealer;
  }

  private static MessageRenderer renderingSms(String to, String code) {
    MessageRenderer renderer = mock(MessageRenderer.class);
    when(renderer.sms(any(), any(), any(), any(), any()))
        .thenReturn(new OutgoingMessage(OutgoingMessage.Channel.SMS, to, null, code, null));
    return renderer;
  }

  private static DeliveryJob smsJob(String id, int attempt, Instant now) {
    return new DeliveryJob(id, "u", "t", null, null, "LOGIN", "SMS", "+380501234512", "k", new Binary(new byte[12]),
        new Binary(new byte[20]), null, Map.of(), null, now.plusSeconds(300), DeliveryJob.State.IN_FLIGHT, attempt,
        now.plusSeconds(60), null, null, null, now, null, 0, attempt);
  }

  private static DeliveryWorker worker(DeliveryJobStore jobs) {
    DeliveryProperties properties = new DeliveryProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60), null, null, true, null, null, new DeliveryProperties.Chains(java.util.List.of(), java.util.List.of()), 3,
            new DeliveryProperties.Receipts(null, null));
    return new DeliveryWorker(jobs, mock(Senders.class), mock(MessageRenderer.class), mock(CodeSealer.class),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1)), mock(DeliveryEventPublisher.class),
        properties, new SimpleMeterRegistry(), Clock.systemUTC(), mock(io.twofold.delivery.budget.SmsBudgets.class));
  }
}
