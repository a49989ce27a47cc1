package io.twofold.challenge.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * 2FA failures per user across challenges, and lockouts. Counted apart from password failures
 * (ThingsBoard counted both in one counter, which a correct password reset). An attempt is
 * admitted, and counted, before its code is compared: parallel guesses cannot exceed the limit.
 */
@Component
public class LockoutStore {

  private static final String ATTEMPTS = "challenge_attempts";
  private static final String LOCKOUTS = "challenge_lockouts";

  private final MongoTemplate mongo;

  public LockoutStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Counts one attempt if fewer than {@code max} were counted since the last success or unlock.
   *
   * @return the attempt's number (1..max), or empty when the limit is reached
   */
  public Optional<Integer> admitAttempt(String userId, int max) {
    Query room = new Query(where("_id").is(userId).and("count").lt(max));
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        Document counted = mongo.findAndModify(room, new Update().inc("count", 1),
            FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, ATTEMPTS);
        return Optional.of(((Number) counted.get("count")).intValue());
      } catch (DuplicateKeyException full) {
        // the document exists with count >= max (or was created concurrently): try once more
      }
    }
    return Optional.empty();
  }

  /**
   * Gives back an attempt counted for a code that could not be compared (the checking service was
   * down, the code's key is gone): the caller learnt nothing, so it must not move toward lockout.
   */
  public void refundAttempt(String userId) {
    mongo.updateFirst(new Query(where("_id").is(userId).and("count").gt(0)), new Update().inc("count", -1), ATTEMPTS);
  }

  /** A successful verification forgives the failures before it. */
  public void clearAttempts(String userId) {
    mongo.remove(new Query(where("_id").is(userId)), ATTEMPTS);
  }

  /**
   * @param event the id of the event this lock is the proof of
   * @return true if this call locked the user (it was not locked before)
   */
  public boolean lock(String userId, String tenantId, String reason, int failures, Instant now, String event) {
    try {
      mongo.insert(new Document("_id", userId).append("tenantId", tenantId).append("reason", reason)
          .append("failures", failures).append("lockedAt", now)
          .append(io.twofold.platform.outbox.Outbox.MARKS, java.util.List.of(event)), LOCKOUTS);
      return true;
    } catch (DuplicateKeyException alreadyLocked) {
      return false;
    }
  }

  public Optional<Instant> lockedSince(String userId) {
    Document lock = mongo.findById(userId, Document.class, LOCKOUTS);
    return lock == null ? Optional.empty() : Optional.of(lock.getDate("lockedAt").toInstant());
  }

  /** A user's lock: its tenant (null for a user without tenant) and since when. */
  public record Lock(String userId, String tenantId, Instant lockedAt) {

    /** What is gone once this lock is lifted (a later lock of the same user has another time). */
    public Document filter() {
      return new Document("_id", userId).append("lockedAt", java.util.Date.from(lockedAt));
    }
  }

  public Optional<Lock> lockOf(String userId) {
    Document lock = mongo.findById(userId, Document.class, LOCKOUTS);
    return lock == null ? Optional.empty()
        : Optional.of(new Lock(userId, lock.getString("tenantId"), lock.getDate("lockedAt").toInstant()));
  }

  public static String collection() {
    return LOCKOUTS;
  }

  /** @return true if the user was locked */
  public boolean unlock(String userId) {
    clearAttempts(userId);
    return mongo.remove(new Query(where("_id").is(userId)), LOCKOUTS).getDeletedCount() == 1;
  }
}
