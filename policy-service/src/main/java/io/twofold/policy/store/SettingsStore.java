package io.twofold.policy.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.policy.domain.PolicyEvaluator;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Settings per scope with optimistic versions: a write names the version it read and fails with
 * {@link StaleVersionException} if another write came first (never a lost update). Version 0 means
 * "never written". Every write is one single-document operation.
 */
@Component
public class SettingsStore {

  private final MongoTemplate mongo;
  private final Clock clock;

  public SettingsStore(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  public Optional<StoredScope> find(String scopeKey) {
    return Optional.ofNullable(mongo.findById(scopeKey, SettingsDocument.class)).map(StoredScope::of);
  }

  public StoredScope writeSystem(TwoFaSettings settings, long expectedVersion, String actor) {
    return write(PolicyEvaluator.SYSTEM_SCOPE, null, expectedVersion, actor, true,
        SettingsMapping.toFields(settings), null);
  }

  public StoredScope writeTenant(TenantSettings tenant, long expectedVersion, String actor) {
    return write(PolicyEvaluator.scopeOf(tenant.tenantId()), tenant.tenantId(), expectedVersion, actor,
        tenant.useSystemSettings(),
        tenant.own().map(SettingsMapping::toFields).orElse(null),
        tenant.enforcement().map(SettingsMapping::toFilter).orElse(null));
  }

  /** Scopes whose latest version has not been published yet (the outbox). */
  public List<StoredScope> unpublished() {
    return mongo.find(new Query(where("pending").is(true)), SettingsDocument.class).stream()
        .map(StoredScope::of).toList();
  }

  /**
   * Records that {@code version} was published. Clears the pending mark only while that version is
   * still the latest: a write that came in meanwhile stays pending.
   */
  public void markPublished(String scopeKey, long version) {
    mongo.updateFirst(
        new Query(where("_id").is(scopeKey).and("version").is(version)),
        new Update().set("publishedVersion", version).set("pending", false),
        SettingsDocument.class);
  }

  private StoredScope write(
      String scopeKey, String tenantId, long expectedVersion, String actor, boolean useSystemSettings,
      SettingsDocument.Fields fields, SettingsDocument.Filter tenantEnforcement) {
    Instant now = Instant.now(clock);
    if (expectedVersion == 0) {
      SettingsDocument created = new SettingsDocument(
          scopeKey, tenantId, 1, 0, true, useSystemSettings, fields, tenantEnforcement, now, actor);
      try {
        return StoredScope.of(mongo.insert(created));
      } catch (DuplicateKeyException exists) {
        throw new StaleVersionException(scopeKey, expectedVersion);
      }
    }
    Update update = new Update()
        .set("version", expectedVersion + 1)
        .set("pending", true)
        .set("useSystemSettings", useSystemSettings)
        .set("settings", fields)
        .set("tenantEnforcement", tenantEnforcement)
        .set("updatedAt", now)
        .set("updatedBy", actor);
    SettingsDocument updated = mongo.findAndModify(
        new Query(where("_id").is(scopeKey).and("version").is(expectedVersion)),
        update,
        FindAndModifyOptions.options().returnNew(true),
        SettingsDocument.class);
    if (updated == null) {
      throw new StaleVersionException(scopeKey, expectedVersion);
    }
    return StoredScope.of(updated);
  }
}
