package io.twofold.platform.limit;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Cluster-wide counters (e.g. verification failures across challenges), each incremented by one
 * atomic single-document update so that parallel increments are never lost.
 */
public final class MongoCounter {

  private static final String COUNT = "count";

  private final MongoTemplate mongo;
  private final String collection;
  private final Clock clock;

  public MongoCounter(MongoTemplate mongo, String collection, Clock clock) {
    this.mongo = mongo;
    this.collection = collection;
    this.clock = clock;
  }

  /** Adds one and returns the new value. */
  public long incrementAndGet(String key) {
    Update update =
        new Update().inc(COUNT, 1).set("updatedAt", Instant.now(clock));
    FindAndModifyOptions options = FindAndModifyOptions.options().upsert(true).returnNew(true);
    Query query = new Query(where("_id").is(key));
    for (int attempt = 1; ; attempt++) {
      try {
        Document document = mongo.findAndModify(query, update, options, Document.class, collection);
        return ((Number) document.get(COUNT)).longValue();
      } catch (org.springframework.dao.DuplicateKeyException raceOnCreate) {
        // Two callers created the key at once; the document exists now, so the retry updates it.
        if (attempt == 3) {
          throw raceOnCreate;
        }
      }
    }
  }

  public long get(String key) {
    Document document = mongo.findById(key, Document.class, collection);
    return document == null ? 0 : ((Number) document.get(COUNT)).longValue();
  }

  public void reset(String key) {
    mongo.remove(new Query(where("_id").is(key)), collection);
  }
}
