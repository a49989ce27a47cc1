package io.twofold.delivery.kafka;

import io.twofold.delivery.app.DeliveryWorker;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.kafka.Failures;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.schemas.delivery.CodeRequest;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.bson.types.Binary;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Accepts {@code CodeRequest}s: checks the code opens (an undecryptable or malformed request throws
 * and goes to the dead-letter topic), records the job once per request id, already leased to this
 * instance (one write, not an insert and then a claim), and hands it to the worker. The listener
 * never sends and never waits for a provider. While the database is away the
 * record is retried (a transient failure) until the code expires; then it ends in
 * {@code EXPIRED_UNSENT} with the cause.
 */
@Component
public class CodeRequestListener {

  private final DeliveryJobStore jobs;
  private final DeliveryWorker worker;
  private final CodeSealer sealer;
  private final DeliveryEventPublisher events;
  private final java.time.Duration lease;
  private final Clock clock;

  public CodeRequestListener(DeliveryJobStore jobs, DeliveryWorker worker, CodeSealer sealer,
      DeliveryEventPublisher events, io.twofold.delivery.config.DeliveryProperties properties, Clock clock) {
    this.jobs = jobs;
    this.lease = properties.lease();
    this.worker = worker;
    this.sealer = sealer;
    this.events = events;
    this.clock = clock;
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).CODE_REQUESTS.name()}",
      concurrency = "${twofold.delivery.listener-concurrency:3}")
  public void on(CodeRequest request) {
    try {
      accept(request);
    } catch (RuntimeException failure) {
      if (Failures.isTransient(failure) && !clock.instant().isBefore(request.getExpiresAt())) {
        events.outcomeDirectly(job(request, clock.instant()), DeliveryStatus.EXPIRED_UNSENT,
            Failures.describe(failure).toUpperCase(java.util.Locale.ROOT) + "_UNAVAILABLE");
        return;
      }
      throw failure;
    }
  }

  private void accept(CodeRequest request) {
    sealer.open(request.getEncryptedCode(), request.getRequestId());
    if (request.getDestination() == null || request.getDestination().isBlank()) {
      throw new IllegalArgumentException("code request " + request.getRequestId() + " has no destination");
    }
    Instant now = clock.instant();
    DeliveryJob job = job(request, now).leasedUntil(now.plus(lease));
    if (jobs.insertIfAbsent(job)) {
      worker.submitLeased(job);
    }
  }

  private static DeliveryJob job(CodeRequest request, Instant now) {
    return new DeliveryJob(
        request.getRequestId(), request.getUserId(), request.getMetadata().getTenantId(), request.getChallengeId(),
        request.getFactorId(), request.getPurpose().name(), request.getChannel().name(), request.getDestination(),
        request.getEncryptedCode().getKeyId(), binary(request.getEncryptedCode().getNonce()),
        binary(request.getEncryptedCode().getCiphertext()), request.getMessageTemplate(),
        Map.copyOf(request.getTemplateParameters()), request.getLocale(), request.getExpiresAt(),
        DeliveryJob.State.PENDING, 0, now, null, null, null, now, null, 0, 0);
  }

  private static Binary binary(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new Binary(bytes);
  }
}
