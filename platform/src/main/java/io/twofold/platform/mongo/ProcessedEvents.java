package io.twofold.platform.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Makes a Kafka consumer idempotent on event ids (DESIGN §3): an event id is claimed under a unique
 * {@code _id} before its action runs and marked done after it. A redelivered event that was done is
 * skipped. A claim whose holder crashed expires after the lease and is taken over, so an accepted
 * event is never lost; an action that throws releases its claim, so the error handler's retry (and
 * finally the dead-letter topic) sees it again.
 *
 * <p>Where the action changes a single document, prefer recording the event id inside that same
 * update; this helper covers actions that cannot.
 */
public final class ProcessedEvents {

  private static final String STATE = "state";
  private static final String CLAIMED_AT = "claimedAt";

  private final MongoTemplate mongo;
  private final String collection;
  private final Clock clock;
  private final Duration lease;

  public ProcessedEvents(MongoTemplate mongo, String collection, Clock clock, Duration lease) {
    this.mongo = mongo;
    this.collection = collection;
    this.clock = clock;
    this.lease = lease;
  }

  /**
   * Runs the action unless this consumer already processed the event.
   *
   * @return true if the action ran now, false if the event was a duplicate
   * @throws EventInProgress if another consumer holds a fresh claim on it (retry later)
   */
  public boolean runOnce(String consumer, String eventId, Runnable action) {
    String id = consumer + ":" + eventId;
    if (!claim(id)) {
      return false;
    }
    try {
      action.run();
    } catch (RuntimeException | Error failure) {
      mongo.remove(new Query(where("_id").is(id).and(STATE).is("IN_PROGRESS")), collection);
      throw failure;
    }
    mongo.updateFirst(
        new Query(where("_id").is(id)),
        new Update().set(STATE, "DONE").set("processedAt", Instant.now(clock)),
        collection);
    return true;
  }

  public boolean isProcessed(String consumer, String eventId) {
    Document document = mongo.findById(consumer + ":" + eventId, Document.class, collection);
    return document != null && "DONE".equals(document.getString(STATE));
  }

  private boolean claim(String id) {
    Instant now = Instant.now(clock);
    try {
      mongo.insert(new Document("_id", id).append(STATE, "IN_PROGRESS").append(CLAIMED_AT, now), collection);
      return true;
    } catch (DuplicateKeyException alreadyClaimed) {
      Document existing = mongo.findById(id, Document.class, collection);
      if (existing == null) {
        return claim(id); // released between our insert and read: try again
      }
      if ("DONE".equals(existing.getString(STATE))) {
        return false;
      }
      // Take over a stale claim atomically: only one taker matches the old claim time.
      Query stale =
          new Query(where("_id").is(id).and(STATE).is("IN_PROGRESS")
              .and(CLAIMED_AT).lte(now.minus(lease)));
      if (mongo.updateFirst(stale, new Update().set(CLAIMED_AT, now), collection).getModifiedCount() == 1) {
        return true;
      }
      throw new EventInProgress(id);
    }
  }

  /** Another consumer is processing the same event right now. */
  public static final class EventInProgress extends RuntimeException {
    public EventInProgress(String id) {
      super("event " + id + " is being processed by another consumer");
    }
  }
}
