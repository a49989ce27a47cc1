package io.twofold.enrollment.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * A user's backup codes, as peppered hashes, each consumed at most once. The writes that events
 * follow add their ids to a code's document ({@code outboxEvents}, the outbox's proof).
 */
@Component
public class BackupCodeStore {

  public static final String COLLECTION = "backup_codes";

  private final MongoTemplate mongo;

  public BackupCodeStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The stored id of a user's code. */
  public static String idOf(String userId, String hash) {
    return userId + ":" + hash;
  }

  /**
   * Replaces all of a user's codes with new ones.
   *
   * @param event the id of the event the new codes are the proof of (on the first code)
   */
  public void replace(String userId, String tenantId, List<String> hashes, Instant now, String event) {
    removeAll(userId);
    mongo.insertAll(hashes.stream()
        .map(hash -> new BackupCodeDocument(idOf(userId, hash), userId, tenantId, false, now, null,
            hash.equals(hashes.get(0)) ? List.of(event) : List.of()))
        .toList());
  }

  /**
   * Marks the code used if it is the user's and unused: succeeds for exactly one parallel caller.
   *
   * @param event the id of the event this use is the proof of
   * @return the tenant the code belongs to, when this call consumed it
   */
  public java.util.Optional<String> consume(String userId, String hash, Instant now, String event) {
    BackupCodeDocument consumed = mongo.findAndModify(
        new Query(where("_id").is(idOf(userId, hash)).and("used").is(false)),
        new Update().set("used", true).set("usedAt", now).push(io.twofold.platform.outbox.Outbox.MARKS, event),
        BackupCodeDocument.class);
    return java.util.Optional.ofNullable(consumed).map(document -> document.tenantId() == null ? "" : document.tenantId());
  }

  /** A stored code, by the hash of what the user typed. */
  public record Code(String tenantId, boolean used) {}

  public java.util.Optional<Code> find(String userId, String hash) {
    return java.util.Optional.ofNullable(mongo.findById(idOf(userId, hash), BackupCodeDocument.class))
        .map(code -> new Code(code.tenantId(), code.used()));
  }

  public long remaining(String userId) {
    return mongo.count(new Query(where("userId").is(userId).and("used").is(false)), BackupCodeDocument.class);
  }

  public long total(String userId) {
    return mongo.count(new Query(where("userId").is(userId)), BackupCodeDocument.class);
  }

  public void removeAll(String userId) {
    mongo.remove(new Query(where("userId").is(userId)), BackupCodeDocument.class);
  }

  /** The user's codes generated in one tenant, for a tenant administrator's reset. */
  public long total(String userId, String tenantId) {
    return mongo.count(new Query(where("userId").is(userId).and("tenantId").is(tenantId)), BackupCodeDocument.class);
  }

  public void removeAll(String userId, String tenantId) {
    mongo.remove(new Query(where("userId").is(userId).and("tenantId").is(tenantId)), BackupCodeDocument.class);
  }

  /** Users of a tenant that hold backup codes. */
  public List<String> usersOfTenant(String tenantId) {
    return mongo.findDistinct(new Query(where("tenantId").is(tenantId)), "userId", BackupCodeDocument.class, String.class);
  }
}
