package io.twofold.delivery.budget;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Budget counters, one document per budget and window ({@code _id} names both), shared by every
 * delivery instance. A unit is taken by one conditional single-document update ("count below the
 * limit" → add one), so parallel sends on any number of instances never pass a limit; a window's
 * document expires a day after the window ended.
 */
public final class BudgetStore {

  static final String COLLECTION = "sms_budgets";

  private final MongoTemplate mongo;

  public BudgetStore(MongoTemplate mongo) {
    this.mongo = mongo;
    mongo.indexOps(COLLECTION).createIndex(new Index("expiresAt", org.springframework.data.domain.Sort.Direction.ASC)
        .expire(0, TimeUnit.SECONDS));
  }

  /** @return whether a unit was taken (false: the window's limit is reached) */
  public boolean take(String key, int limit, Instant windowEnd) {
    Query roomLeft = new Query(where("_id").is(key).and("count").lt(limit));
    Update add = new Update().inc("count", 1).setOnInsert("expiresAt", windowEnd.plusSeconds(86_400));
    // When the document exists and is full, the upsert tries to insert a second one with the same
    // _id: a duplicate key means "full". A first one can also be two senders creating it at once.
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        mongo.findAndModify(roomLeft, add, FindAndModifyOptions.options().upsert(true).returnNew(true),
            Document.class, COLLECTION);
        return true;
      } catch (DuplicateKeyException full) {
        // retry once, then report full
      }
    }
    return false;
  }

  /** Gives a unit back (another budget refused the send, so this one did not pay for a message). */
  public void giveBack(String key) {
    mongo.updateFirst(new Query(where("_id").is(key).and("count").gt(0)), new Update().inc("count", -1), COLLECTION);
  }
}
