package io.twofold.delivery.store;

import java.time.Instant;
import java.util.Map;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One accepted {@code CodeRequest} and its progress. The id is the request id, so a redelivered
 * request finds its job and is not sent again. The code stays sealed as it arrived; it is opened
 * only in memory for a send. {@code dueAt} is when a worker may take the job (receipt, retry
 * time, or the end of the lease of the worker that holds it) and is removed once the job is final: its sparse index holds open jobs
 * only, so looking for due work does not read the history. Final jobs (with the destination) are
 * deleted a week after they finished. {@code chainPosition} is the provider of the channel's
 * failover chain this job is with (0: the first), {@code providerAttempts} the claims it has had
 * there; {@code attempt} counts all claims. {@code providerMessageId} finds the job a delivery
 * receipt is about.
 */
@Document("delivery_jobs")
public record DeliveryJob(
    @Id String requestId,
    String userId,
    String tenantId,
    String challengeId,
    String factorId,
    String purpose,
    String channel,
    String destination,
    String keyId,
    Binary nonce,
    Binary ciphertext,
    String messageTemplate,
    Map<String, String> templateParameters,
    String locale,
    Instant expiresAt,
    State state,
    int attempt,
    @Indexed(sparse = true) Instant dueAt,
    String provider,
    @Indexed(sparse = true) String providerMessageId,
    String errorClass,
    Instant receivedAt,
    @Indexed(expireAfter = "7d") Instant finishedAt,
    int chainPosition,
    int providerAttempts) {

  /** The same new job, leased (its first claim) until then: stored so by the instance that accepts it. */
  public DeliveryJob leasedUntil(Instant until) {
    return new DeliveryJob(requestId, userId, tenantId, challengeId, factorId, purpose, channel, destination, keyId,
        nonce, ciphertext, messageTemplate, templateParameters, locale, expiresAt, State.IN_FLIGHT, attempt + 1, until,
        provider, providerMessageId, errorClass, receivedAt, finishedAt, chainPosition, providerAttempts + 1);
  }

  /** PENDING and RETRY_WAIT wait for a worker; IN_FLIGHT is leased to one; the rest are final. */
  public enum State {
    PENDING,
    IN_FLIGHT,
    RETRY_WAIT,
    SENT,
    FAILED,
    EXPIRED_UNSENT
  }
}
