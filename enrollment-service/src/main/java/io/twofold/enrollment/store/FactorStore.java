package io.twofold.enrollment.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorState;
import io.twofold.platform.outbox.Outbox;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Factors' public data. Every change is one single-document operation; a change that events follow
 * adds their ids to the document ({@code outboxEvents}, the outbox's proof).
 */
@Component
public class FactorStore {

  public static final String COLLECTION = "factors";

  private final MongoTemplate mongo;

  public FactorStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  public void insert(Factor factor, List<String> events) {
    mongo.insert(FactorDocument.of(factor, events));
  }

  public Optional<Factor> find(String userId, String factorId) {
    return Optional.ofNullable(mongo.findOne(
        new Query(where("_id").is(factorId).and("userId").is(userId)), FactorDocument.class))
        .map(FactorDocument::toFactor);
  }

  /** All of a user's factors, oldest first, expired pending ones included (callers decide). */
  public List<Factor> ofUser(String userId) {
    Query query = new Query(where("userId").is(userId)).with(Sort.by("createdAt"));
    return mongo.find(query, FactorDocument.class).stream().map(FactorDocument::toFactor).toList();
  }

  /** Whether the user has an ACTIVE factor: it is enrolled. */
  public boolean hasActive(String userId) {
    return mongo.exists(new Query(where("userId").is(userId).and("state").is(FactorState.ACTIVE.name())),
        FactorDocument.class);
  }

  public List<Factor> activeOfTenant(String tenantId) {
    Query query = new Query(where("tenantId").is(tenantId).and("state").is(FactorState.ACTIVE.name()));
    return mongo.find(query, FactorDocument.class).stream().map(FactorDocument::toFactor).toList();
  }

  /** Active factors of all users, counted by type (one aggregation, for the coverage gauges). */
  public Map<String, Long> activeCountsByType() {
    var aggregation = Aggregation.newAggregation(
        Aggregation.match(where("state").is(FactorState.ACTIVE.name())),
        Aggregation.group("type").count().as("count"));
    Map<String, Long> counts = new HashMap<>();
    mongo.aggregate(aggregation, FactorDocument.class, Document.class).forEach(row ->
        counts.put(row.getString("_id"), ((Number) row.get("count")).longValue()));
    return counts;
  }

  /**
   * PENDING → ACTIVE, no longer expiring; false if the factor was not pending (already confirmed,
   * removed or expired).
   */
  public boolean activate(String factorId, Instant now, boolean makeDefault, List<String> events) {
    return mongo.updateFirst(
        new Query(where("_id").is(factorId).and("state").is(FactorState.PENDING.name()).and("pendingUntil").gt(now)),
        new Update().set("state", FactorState.ACTIVE.name()).set("confirmedAt", now).set("isDefault", makeDefault)
            .unset("pendingUntil").push(Outbox.MARKS).each(events.toArray()),
        FactorDocument.class).getModifiedCount() == 1;
  }

  /** Makes one factor the user's default and clears the mark on the others. */
  public void makeDefault(String userId, String factorId, List<String> events) {
    mongo.updateMulti(new Query(where("userId").is(userId).and("_id").ne(factorId)),
        new Update().set("isDefault", false), FactorDocument.class);
    mongo.updateFirst(new Query(where("_id").is(factorId).and("userId").is(userId)),
        new Update().set("isDefault", true).push(Outbox.MARKS).each(events.toArray()), FactorDocument.class);
  }

  public boolean remove(String userId, String factorId) {
    return mongo.remove(new Query(where("_id").is(factorId).and("userId").is(userId)), FactorDocument.class)
        .getDeletedCount() == 1;
  }

  public long removeAll(String userId) {
    return mongo.remove(new Query(where("userId").is(userId)), FactorDocument.class).getDeletedCount();
  }

  /** Removes the user's factors of one tenant only (a tenant administrator's reset). */
  public long removeAll(String userId, String tenantId) {
    return mongo.remove(new Query(where("userId").is(userId).and("tenantId").is(tenantId)), FactorDocument.class)
        .getDeletedCount();
  }
}
