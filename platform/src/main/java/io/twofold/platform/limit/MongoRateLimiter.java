package io.twofold.platform.limit;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A cluster-wide sliding-log rate limiter: exact, not an approximation by fixed windows (which would
 * let 2N attempts through around a window boundary).
 *
 * <p>Each key is one document holding the times of its last N permits, oldest first. A permit is
 * granted by one atomic conditional update: "fewer than N times recorded, or the oldest is outside
 * the window" → push now and keep the last N. Because the check and the write are one
 * single-document operation, parallel callers on any number of instances cannot exceed N, on
 * MongoDB and on the Mongo wire server used locally alike. The limiter is counted before the
 * protected action runs: callers take a permit first, then compare a code.
 */
public final class MongoRateLimiter {

  static final String HITS = "hits";

  private final MongoTemplate mongo;
  private final String collection;
  private final Clock clock;

  public MongoRateLimiter(MongoTemplate mongo, String collection, Clock clock) {
    this.mongo = mongo;
    this.collection = collection;
    this.clock = clock;
  }

  public RateDecision tryAcquire(String key, RateLimit limit) {
    long now = clock.millis();
    Query query = new Query(where("_id").is(key).andOperator(SlidingLog.roomLeft(HITS, limit, now)));
    Update update = SlidingLog.record(new Update(), HITS, limit, now);
    FindAndModifyOptions options = FindAndModifyOptions.options().upsert(true).returnNew(true);

    // A missing document is created by the upsert. When the document exists but has no room, the
    // upsert tries to insert a second document with the same _id and fails: that is "limited". A
    // first duplicate-key error can also be two callers creating the key at once, so try once more.
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        Document updated = mongo.findAndModify(query, update, options, Document.class, collection);
        int used = hits(updated).size();
        return new RateDecision.Allowed(Math.max(0, limit.permits() - used), now);
      } catch (DuplicateKeyException limited) {
        // fall through: retry once, then report limited
      }
    }
    return new RateDecision.Limited(retryAfter(key, limit, now));
  }

  /**
   * Gives a permit back, for an action that did not happen after all (e.g. a code that could not be
   * compared because the service that checks it was down): the caller learnt nothing, so it must
   * not cost it an attempt. Permits are identified by their millisecond; were another permit of the
   * same key taken in the very same millisecond, it goes back too.
   */
  public void release(String key, RateDecision.Allowed permit) {
    mongo.updateFirst(new Query(where("_id").is(key)), new Update().pull(HITS, permit.at()), collection);
  }

  /** Forgets a key (e.g. after an administrator unlocks a user). */
  public void reset(String key) {
    mongo.remove(new Query(where("_id").is(key)), collection);
  }

  private Duration retryAfter(String key, RateLimit limit, long now) {
    // Room again already (a permit given back or expired since the update): advise the least wait.
    return SlidingLog.retryAfter(hits(mongo.findById(key, Document.class, collection)), limit, now)
        .orElse(Duration.ofSeconds(1));
  }

  private static List<?> hits(Document document) {
    return document == null ? List.of() : document.getList(HITS, Object.class, List.of());
  }
}
