package io.twofold.delivery.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.platform.outbox.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Delivery jobs. A worker claims a due job with one atomic update that leases it; a lease left by a
 * crashed instance expires and the job is claimed again, so an accepted request is never lost.
 */
@Component
public class DeliveryJobStore {

  public static final String COLLECTION = "delivery_jobs";

  private static final String DUE_AT = "dueAt";

  private final MongoTemplate mongo;

  public DeliveryJobStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** @return false if a job for this request id exists already (a redelivered request) */
  public boolean insertIfAbsent(DeliveryJob job) {
    try {
      mongo.insert(job);
      return true;
    } catch (DuplicateKeyException duplicate) {
      return false;
    }
  }

  public Optional<DeliveryJob> find(String requestId) {
    return Optional.ofNullable(mongo.findById(requestId, DeliveryJob.class));
  }

  /** Leases the job if it is due; the attempt counter counts claims. */
  public Optional<DeliveryJob> claim(String requestId, Instant now, Duration lease) {
    Query query = new Query(where("_id").is(requestId).and(DUE_AT).lte(now));
    Update update = new Update()
        .set("state", DeliveryJob.State.IN_FLIGHT)
        .set(DUE_AT, now.plus(lease)) // the lease: another worker may take the job after it
        .inc("attempt", 1)
        .inc("providerAttempts", 1);
    return Optional.ofNullable(mongo.findAndModify(query, update,
        FindAndModifyOptions.options().returnNew(true), DeliveryJob.class));
  }

  /**
   * Extends a lease this worker took earlier (at the job's insert), if it is still its own: nobody
   * claimed the job since (its lease ends when it did) and it is not final.
   *
   * @return false if another worker has the job, or had it
   */
  public boolean keepLease(String requestId, Instant leasedUntil, Instant until) {
    return mongo.updateFirst(new Query(where("_id").is(requestId).and("state").is(DeliveryJob.State.IN_FLIGHT)
            .and(DUE_AT).is(leasedUntil)), new Update().set(DUE_AT, until), DeliveryJob.class).getModifiedCount() == 1;
  }

  /**
   * Hands back a lease taken at the job's insert whose send never began (the instance is stopping):
   * the job is due at once for another instance, its first claim undone.
   */
  public void giveBackLease(String requestId, Instant leasedUntil, Instant now) {
    mongo.updateFirst(new Query(where("_id").is(requestId).and("state").is(DeliveryJob.State.IN_FLIGHT)
            .and(DUE_AT).is(leasedUntil)),
        new Update().set("state", DeliveryJob.State.PENDING).set(DUE_AT, now).inc("attempt", -1)
            .inc("providerAttempts", -1), DeliveryJob.class);
  }

  /** A job due for a worker of a channel. */
  public record Due(String requestId, String channel) {}

  /** Jobs due now: new, waiting for a retry whose time has come, or with an expired lease. */
  public List<Due> due(Instant now, int limit) {
    Query query = new Query(where(DUE_AT).lte(now)).with(Sort.by(DUE_AT)).limit(limit);
    query.fields().include("_id").include("channel");
    return mongo.find(query, org.bson.Document.class, mongo.getCollectionName(DeliveryJob.class)).stream()
        .map(job -> new Due(job.getString("_id"), job.getString("channel"))).toList();
  }

  /** Keeps the lease of a job being sent from running out while the send is still going on. */
  public void renewLease(String requestId, Instant until) {
    mongo.updateFirst(inFlight(requestId), new Update().set(DUE_AT, until), DeliveryJob.class);
  }

  /**
   * @param event the id of the event this outcome is the proof of
   * @return false if the job was no longer this worker's (its lease ran out and another took it)
   */
  public boolean retryAt(String requestId, Instant next, String provider, String errorClass, String event) {
    return mongo.updateFirst(inFlight(requestId),
        new Update().set("state", DeliveryJob.State.RETRY_WAIT).set(DUE_AT, next)
            .set("provider", provider).set("errorClass", errorClass).push(Outbox.MARKS, event),
        DeliveryJob.class).getModifiedCount() == 1;
  }

  /**
   * @param event the id of the event this outcome is the proof of
   * @return false if the job was no longer this worker's (its lease ran out and another took it)
   */
  public boolean finish(String requestId, DeliveryJob.State state, String provider, String providerMessageId,
      String errorClass, Instant now, String event) {
    return mongo.updateFirst(inFlight(requestId),
        new Update().set("state", state).set("provider", provider).set("providerMessageId", providerMessageId)
            .set("errorClass", errorClass).set("finishedAt", now).unset(DUE_AT).push(Outbox.MARKS, event),
        DeliveryJob.class).getModifiedCount() == 1;
  }

  /**
   * Hands the job to the next provider of its chain, due at once.
   *
   * @param event the id of the event this outcome is the proof of
   * @return false if the job was no longer this worker's
   */
  public boolean moveOn(String requestId, int nextPosition, String provider, String errorClass, Instant now,
      String event) {
    return mongo.updateFirst(inFlight(requestId), nextProvider(nextPosition, provider, errorClass, now, event),
        DeliveryJob.class).getModifiedCount() == 1;
  }

  /** The job a provider's message id belongs to, if that provider sent it. */
  public Optional<DeliveryJob> findSent(String provider, String providerMessageId) {
    return Optional.ofNullable(mongo.findOne(new Query(where("providerMessageId").is(providerMessageId)
        .and("provider").is(provider).and("state").is(DeliveryJob.State.SENT)), DeliveryJob.class));
  }

  /**
   * A sent message its provider reports undelivered, while its code is still valid: the job goes on
   * to the next provider of its chain, due at once. Only once per message: the job must still be
   * SENT by that provider with that id.
   *
   * @return false if the job is no longer that message's (a repeated receipt, or a later outcome)
   */
  public boolean reopen(DeliveryJob sent, int nextPosition, String errorClass, Instant now, String event) {
    return mongo.updateFirst(sentBy(sent), nextProvider(nextPosition, sent.provider(), errorClass, now, event)
        .unset("finishedAt"), DeliveryJob.class).getModifiedCount() == 1;
  }

  /**
   * A sent message its provider reports undelivered, with no provider left to try or the code no
   * longer valid: the job ends FAILED.
   *
   * @return false if the job is no longer that message's
   */
  public boolean failAfterReceipt(DeliveryJob sent, String errorClass, Instant now, String event) {
    return mongo.updateFirst(sentBy(sent), new Update().set("state", DeliveryJob.State.FAILED)
        .set("errorClass", errorClass).set("finishedAt", now).push(Outbox.MARKS, event),
        DeliveryJob.class).getModifiedCount() == 1;
  }

  private static Update nextProvider(int nextPosition, String provider, String errorClass, Instant now, String event) {
    return new Update().set("state", DeliveryJob.State.RETRY_WAIT).set(DUE_AT, now).set("chainPosition", nextPosition)
        .set("providerAttempts", 0).set("provider", provider).set("errorClass", errorClass)
        .unset("providerMessageId").push(Outbox.MARKS, event);
  }

  private static Query sentBy(DeliveryJob sent) {
    return new Query(where("_id").is(sent.requestId()).and("state").is(DeliveryJob.State.SENT)
        .and("provider").is(sent.provider()).and("providerMessageId").is(sent.providerMessageId()));
  }

  private static Query inFlight(String requestId) {
    return new Query(where("_id").is(requestId).and("state").is(DeliveryJob.State.IN_FLIGHT));
  }
}
