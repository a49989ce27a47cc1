package io.twofold.delivery.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.delivery.config.Senders;
import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.kafka.DeliveryEventPublisher;
import io.twofold.delivery.provider.MessageSender;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.schemas.delivery.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a provider reports about a message it accepted, once its signature was verified. A report
 * that the message never arrived (Twilio {@code undelivered} or {@code failed}, SendGrid
 * {@code bounce} or {@code dropped}) while the code is still valid hands the job to the next
 * provider of its chain, which sends the same code; with no provider left, or the code expired, the
 * job ends FAILED. Either way a {@code DeliveryEvent} says so, and challenge-service shows it as the
 * challenge's last delivery, so the login page can offer another way. Any other report is counted
 * only. A receipt acts once: a repeated one finds the job no longer sent by that message.
 */
@Component
public class ReceiptHandler {

  private static final Logger log = LoggerFactory.getLogger(ReceiptHandler.class);

  /** Statuses the receipts metric names; any other is counted as "other" (the label stays bounded). */
  private static final Set<String> KNOWN = Set.of("queued", "sending", "sent", "delivered", "undelivered", "failed",
      "read", "accepted", "canceled", "processed", "dropped", "deferred", "bounce", "open", "click", "spamreport",
      "unsubscribe", "group_unsubscribe", "group_resubscribe");

  private final DeliveryJobStore jobs;
  private final Senders senders;
  private final DeliveryEventPublisher events;
  private final DeliveryWorker worker;
  private final MeterRegistry meters;
  private final Clock clock;

  public ReceiptHandler(DeliveryJobStore jobs, Senders senders, DeliveryEventPublisher events, DeliveryWorker worker,
      MeterRegistry meters, Clock clock) {
    this.jobs = jobs;
    this.senders = senders;
    this.events = events;
    this.worker = worker;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * @param provider the provider whose signature the receipt carried
   * @param status the provider's word for what happened, lower case
   * @param undelivered whether that status means the message will never arrive
   * @param errorCode the provider's error code, when it gave one (a number, never a text)
   * @param about the job the receipt names, if it names one this service knows
   */
  public void received(String provider, String status, boolean undelivered, String errorCode,
      Optional<DeliveryJob> about) {
    meters.counter("twofold.delivery.receipts", "provider", provider, "status",
        KNOWN.contains(status) ? status : "other").increment();
    if (!undelivered || about.isEmpty()) {
      return;
    }
    DeliveryJob sent = about.get();
    if (sent.state() != DeliveryJob.State.SENT || !provider.equals(sent.provider())) {
      return; // a receipt for a message this job has moved past, or another provider's
    }
    String errorClass = "UNDELIVERED_" + status.toUpperCase(Locale.ROOT)
        + (errorCode != null && errorCode.matches("\\d{1,9}") ? "_" + errorCode : "");
    List<MessageSender> chain = senders.chain(OutgoingMessage.Channel.valueOf(sent.channel()));
    int position = DeliveryWorker.position(sent, chain);
    Instant now = clock.instant();
    if (position + 1 < chain.size() && now.isBefore(sent.expiresAt())) {
      if (worker.handOn(sent, chain, position, errorClass, "UNDELIVERED",
          (next, at, eventId) -> jobs.reopen(sent, next, errorClass, at, eventId))) {
        worker.submit(sent.requestId(), sent.channel());
      }
      return;
    }
    var failed = events.outcome(sent, DeliveryStatus.FAILED, provider, sent.providerMessageId(), errorClass, null);
    if (jobs.failAfterReceipt(sent, errorClass, now, failed.eventId())) {
      events.release(failed);
      log.info("request {}: {} reports the message {}; no provider left to try in time", sent.requestId(), provider,
          status);
    } else {
      events.discard(failed);
    }
  }
}
