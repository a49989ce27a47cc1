package io.twofold.delivery.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.twofold.delivery.budget.SmsBudgets;
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
import io.twofold.platform.crypto.CryptoFailure;
import io.twofold.platform.crypto.SealedValue;
import io.twofold.schemas.delivery.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends claimed jobs on a pool per channel (a bulkhead: a stalled mail server holds email workers,
 * never SMS ones, nor the Kafka consumer). A retry is a job rescheduled for later, not a sleeping
 * thread. While a send is in progress its lease is renewed, so no other worker takes the job over
 * unless this instance died; the poller picks up what a crash or a lost timer left behind.
 *
 * <p>Each channel has a failover chain of providers. A provider that refuses a message for good, or
 * has had its {@code attempts-per-provider} (or whose next retry would come after the code expired),
 * hands the job to the next provider of the chain, which sends the same code at once. Once a
 * provider accepted a message no other is asked, unless a delivery receipt says the message never
 * arrived ({@link ReceiptHandler}).
 */
@Component
public class DeliveryWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final DeliveryJobStore jobs;
  private final Senders senders;
  private final MessageRenderer renderer;
  private final CodeSealer sealer;
  private final Backoff backoff;
  private final DeliveryEventPublisher events;
  private final DeliveryProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final SmsBudgets budgets;
  private final Map<OutgoingMessage.Channel, ExecutorService> pools = new EnumMap<>(OutgoingMessage.Channel.class);
  /** Jobs submitted to this instance's pools and not yet attempted. */
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  /** Jobs leased to this instance by their insert whose send has not begun, and until when. */
  private final Map<String, Instant> leasedWaiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("delivery-timer"));

  public DeliveryWorker(DeliveryJobStore jobs, Senders senders, MessageRenderer renderer, CodeSealer sealer,
      Backoff backoff, DeliveryEventPublisher events, DeliveryProperties properties, MeterRegistry meters, Clock clock,
      SmsBudgets budgets) {
    this.budgets = budgets;
    this.jobs = jobs;
    this.senders = senders;
    this.renderer = renderer;
    this.sealer = sealer;
    this.backoff = backoff;
    this.events = events;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    for (OutgoingMessage.Channel channel : OutgoingMessage.Channel.values()) {
      pools.put(channel, Executors.newFixedThreadPool(properties.concurrency(),
          daemon("delivery-" + channel.name().toLowerCase(java.util.Locale.ROOT))));
    }
  }

  /** Hands a job to its channel's workers (the channel as stored: EMAIL or SMS). */
  public void submit(String requestId, String channel) {
    submit(requestId, channel, null);
  }

  /**
   * Hands a new job to its channel's workers, leased to this instance by its insert: it is sent
   * without being claimed again (one database round trip less per code). Should it wait in the
   * pool past a third of its lease, the lease is first extended if still this worker's; should the
   * instance stop before its send begins, the lease is given back, so another instance sends it at
   * once rather than when the lease ends.
   */
  public void submitLeased(DeliveryJob job) {
    leasedWaiting.put(job.requestId(), job.dueAt());
    submit(job.requestId(), job.channel(), job);
  }

  private void submit(String requestId, String channel, DeliveryJob leased) {
    ExecutorService pool = pools.get(OutgoingMessage.Channel.valueOf(channel));
    if (pool.isShutdown()) {
      return; // stopping: the job stays in the store and another instance, or the next start, sends it
    }
    if (!queued.add(requestId)) {
      return; // already waiting here (the poller sees queued PENDING jobs too): one attempt is enough
    }
    try {
      pool.execute(() -> {
        boolean again = false;
        try {
          again = leased == null ? attempt(requestId) : attemptLeased(leased);
        } catch (RuntimeException failure) {
          // The job keeps its lease and is taken up again by the poller once it expires.
          log.error("delivery of request {} failed unexpectedly; it will be retried", requestId, failure);
        } finally {
          queued.remove(requestId);
        }
        if (again) {
          submit(requestId, channel); // the next provider of its chain, now rather than at the next poll
        }
      });
    } catch (RejectedExecutionException stopping) {
      queued.remove(requestId);
    }
  }

  @Scheduled(fixedDelayString = "${twofold.delivery.poll-interval:1s}")
  public void pickUpDueJobs() {
    jobs.due(clock.instant(), 500).forEach(due -> submit(due.requestId(), due.channel()));
  }

  /** @return true when the job is due again at once (handed to the next provider of its chain) */
  boolean attempt(String requestId) {
    Instant now = clock.instant();
    DeliveryJob job = jobs.claim(requestId, now, properties.lease()).orElse(null);
    if (job == null) {
      return false; // not due, or another worker has it
    }
    return send(job, now);
  }

  /**
   * A job leased to this instance by its insert. Sent at once while at least two thirds of its lease
   * are left (the renewals during the send start a third of a lease later); after a longer wait its
   * lease is extended first, if nobody took the job over meanwhile.
   */
  boolean attemptLeased(DeliveryJob job) {
    Instant leasedUntil = leasedWaiting.remove(job.requestId());
    if (leasedUntil == null) {
      return false; // given back: the instance is stopping
    }
    Instant now = clock.instant();
    if (Duration.between(now, leasedUntil).compareTo(properties.lease().multipliedBy(2).dividedBy(3)) < 0
        && !jobs.keepLease(job.requestId(), leasedUntil, now.plus(properties.lease()))) {
      return false; // another worker took it over after the lease ran out
    }
    return send(job, now);
  }

  private boolean send(DeliveryJob job, Instant now) {
    String requestId = job.requestId();
    OutgoingMessage.Channel channel = OutgoingMessage.Channel.valueOf(job.channel());
    List<MessageSender> chain = senders.chain(channel);
    int position = position(job, chain);
    MessageSender sender = chain.get(position);
    if (!now.isBefore(job.expiresAt())) {
      finish(job, DeliveryJob.State.EXPIRED_UNSENT, DeliveryStatus.EXPIRED_UNSENT, sender.name(), null, "EXPIRED");
      return false;
    }
    if (channel == OutgoingMessage.Channel.SMS && job.attempt() == 1) {
      // charged once per code, on its first attempt: a retry of what a provider did not take is free
      var refused = budgets.charge(job.destination(), job.tenantId());
      if (refused.isPresent()) {
        String budget = refused.get().budget();
        meters.counter("twofold.delivery.refused", "channel", job.channel(), "budget", budget).increment();
        log.warn("SMS of request {} (tenant {}) refused by the toll-fraud budget {}", requestId, job.tenantId(), budget);
        // no provider was asked: "budget" says so in the event and keeps refusals out of the
        // providers' failure ratio
        finish(job, DeliveryJob.State.FAILED, DeliveryStatus.FAILED, "budget", null, "REFUSED_" + budget);
        return false;
      }
    }
    OutgoingMessage message;
    try {
      message = render(job, open(job)).withReference(job.requestId());
    } catch (CryptoFailure undecryptable) {
      finish(job, DeliveryJob.State.FAILED, DeliveryStatus.FAILED, sender.name(), null, "UNDECRYPTABLE");
      return false;
    }
    Timer.Sample sample = Timer.start(meters);
    SendOutcome outcome;
    long renewEvery = Math.max(1, properties.lease().toMillis() / 3);
    ScheduledFuture<?> renewal = timers.scheduleAtFixedRate(
        () -> jobs.renewLease(requestId, clock.instant().plus(properties.lease())), renewEvery, renewEvery,
        TimeUnit.MILLISECONDS);
    try {
      outcome = sender.send(message);
    } finally {
      renewal.cancel(false);
    }
    sample.stop(meters.timer("twofold.delivery.send.latency", "channel", job.channel(), "provider", sender.name()));
    boolean another = position + 1 < chain.size();
    if (outcome instanceof SendOutcome.Sent sent) {
      finish(job, DeliveryJob.State.SENT, DeliveryStatus.SENT, sender.name(), sent.providerMessageId(), null);
    } else if (outcome instanceof SendOutcome.Failed failed) {
      if (another) {
        // a permanent refusal by this provider (a bad key, a blocked sender) says nothing of the next
        return moveOn(job, chain, position, failed.errorClass(), "FAILED");
      }
      finish(job, DeliveryJob.State.FAILED, DeliveryStatus.FAILED, sender.name(), null, failed.errorClass());
    } else if (outcome instanceof SendOutcome.Retryable retryable) {
      return retry(job, chain, position, retryable);
    }
    return false;
  }

  /**
   * Tries the same provider again after a back-off; moves on to the chain's next provider once this
   * one had its attempts, or when its next attempt would come too late for the code.
   */
  private boolean retry(DeliveryJob job, List<MessageSender> chain, int position, SendOutcome.Retryable retryable) {
    String provider = chain.get(position).name();
    Duration delay = backoff.delayAfter(job.providerAttempts(), retryable.retryAfter());
    Instant next = clock.instant().plus(delay);
    boolean tooLate = !next.isBefore(job.expiresAt());
    if (position + 1 < chain.size() && (tooLate || job.providerAttempts() >= properties.attemptsPerProvider())) {
      return moveOn(job, chain, position, retryable.errorClass(), "RETRIES_EXHAUSTED");
    }
    if (tooLate) {
      finish(job, DeliveryJob.State.EXPIRED_UNSENT, DeliveryStatus.EXPIRED_UNSENT, provider, null, retryable.errorClass());
      return false;
    }
    var retrying = events.outcome(job, DeliveryStatus.RETRYING, provider, null, retryable.errorClass(), next);
    if (!jobs.retryAt(job.requestId(), next, provider, retryable.errorClass(), retrying.eventId())) {
      events.discard(retrying);
      return false; // another worker holds the job now
    }
    events.release(retrying);
    meters.counter("twofold.delivery.retries", "channel", job.channel(), "provider", provider).increment();
    timers.schedule(() -> submit(job.requestId(), job.channel()), delay.toMillis(), TimeUnit.MILLISECONDS);
    return false;
  }

  /** The job's place in its channel's chain: a chain made shorter by a new configuration keeps it at the last. */
  static int position(DeliveryJob job, List<MessageSender> chain) {
    return Math.min(job.chainPosition(), chain.size() - 1);
  }

  /** The store's write that hands a job on to {@code nextPosition}, marked with the event that proves it. */
  interface HandOnWrite {
    boolean write(int nextPosition, Instant now, String eventId);
  }

  /** A job this worker holds, handed to the next provider of its chain. */
  private boolean moveOn(DeliveryJob job, List<MessageSender> chain, int position, String errorClass, String reason) {
    String provider = chain.get(position).name();
    return handOn(job, chain, position, errorClass, reason,
        (next, now, eventId) -> jobs.moveOn(job.requestId(), next, provider, errorClass, now, eventId));
  }

  /**
   * Hands a job to the next provider of its chain, due at once (by this worker's pool or a receipt):
   * RETRYING names the provider that gave up and why, the store's write is its proof, the move is
   * counted in {@code twofold_delivery_fallbacks_total}.
   *
   * @return false if the write found the job no longer as the caller read it (another worker holds it,
   *     or a repeated receipt)
   */
  boolean handOn(DeliveryJob job, List<MessageSender> chain, int position, String errorClass, String reason,
      HandOnWrite write) {
    Instant now = clock.instant();
    String provider = chain.get(position).name();
    String next = chain.get(position + 1).name();
    var moving = events.outcome(job, DeliveryStatus.RETRYING, provider, null, errorClass, now);
    if (!write.write(position + 1, now, moving.eventId())) {
      events.discard(moving);
      return false;
    }
    events.release(moving);
    meters.counter("twofold.delivery.fallbacks", "channel", job.channel(), "from", provider, "to", next,
        "reason", reason).increment();
    log.info("request {}: {} gave up ({}), {} is next", job.requestId(), provider, errorClass, next);
    return true;
  }

  private void finish(DeliveryJob job, DeliveryJob.State state, DeliveryStatus status, String provider,
      String messageId, String errorClass) {
    var outcome = events.outcome(job, status, provider, messageId, errorClass, null);
    if (jobs.finish(job.requestId(), state, provider, messageId, errorClass, clock.instant(), outcome.eventId())) {
      events.release(outcome);
    } else {
      events.discard(outcome); // another worker holds the job now, and reports its own outcome
    }
  }

  private String open(DeliveryJob job) {
    return sealer.openValue(
        new SealedValue(job.keyId(), job.nonce().getData(), job.ciphertext().getData()), job.requestId());
  }

  private OutgoingMessage render(DeliveryJob job, String code) {
    if (OutgoingMessage.Channel.valueOf(job.channel()) == OutgoingMessage.Channel.SMS) {
      return renderer.sms(job.destination(), code, job.messageTemplate(), job.templateParameters(), job.locale());
    }
    return renderer.email(job.destination(), code, job.purpose(),
        Duration.between(clock.instant(), job.expiresAt()), job.locale());
  }

  /**
   * Stops taking work and gives sends in progress a moment; a job cut short keeps its lease and is
   * taken up again when the lease expires. Jobs leased at their insert whose send never began are
   * given back, due at once for another instance.
   */
  @Override
  public void destroy() throws InterruptedException {
    timers.shutdownNow();
    pools.values().forEach(ExecutorService::shutdownNow);
    for (ExecutorService pool : pools.values()) {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
    Instant now = clock.instant();
    for (String requestId : List.copyOf(leasedWaiting.keySet())) {
      Instant leasedUntil = leasedWaiting.remove(requestId);
      if (leasedUntil != null) {
        try {
          jobs.giveBackLease(requestId, leasedUntil, now);
        } catch (RuntimeException databaseAway) {
          log.warn("the lease of request {} could not be given back; it is sent when the lease ends", requestId);
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
