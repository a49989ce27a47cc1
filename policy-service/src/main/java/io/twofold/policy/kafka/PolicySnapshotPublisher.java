package io.twofold.policy.kafka;

import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.policy.store.SettingsStore;
import io.twofold.policy.store.StoredScope;
import io.twofold.schemas.Topics;
import io.twofold.schemas.policy.PolicySnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a scope's full settings to the compacted {@code twofold.policies} topic (key = scope
 * key) and, once the broker acknowledged it, clears the scope's pending mark.
 *
 * <p>Publications of one scope are serialized in this instance and always send the latest stored
 * state, read under the lock: a relay run racing a request can neither send a version twice nor an
 * older version after a newer one. Across instances a version may still be sent twice or late, so
 * consumers keep the highest version per key.
 */
@Component
public class PolicySnapshotPublisher {

  private final KafkaTemplate<String, PolicySnapshot> kafka;
  private final SettingsStore store;
  private final EventMetadataFactory metadata;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public PolicySnapshotPublisher(
      KafkaTemplate<String, PolicySnapshot> kafka, SettingsStore store, EventMetadataFactory metadata) {
    this.kafka = kafka;
    this.store = store;
    this.metadata = metadata;
  }

  /** Publishes the scope's latest state if it is still pending. */
  public void publishLatest(String scopeKey) throws PublicationFailed {
    ReentrantLock lock = locks.computeIfAbsent(scopeKey, key -> new ReentrantLock());
    lock.lock();
    try {
      Optional<StoredScope> latest = store.find(scopeKey).filter(StoredScope::pending);
      if (latest.isPresent()) {
        send(latest.get());
      }
    } finally {
      lock.unlock();
    }
  }

  private void send(StoredScope scope) throws PublicationFailed {
    String tenantId = scope.tenant().map(t -> t.tenantId()).orElse(null);
    PolicySnapshot snapshot = SnapshotMapping.toSnapshot(scope, metadata.create(tenantId));
    try {
      kafka.send(Topics.POLICIES.name(), scope.scopeKey(), snapshot).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublicationFailed(scope, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublicationFailed(scope, e);
    }
    store.markPublished(scope.scopeKey(), scope.version());
  }

  /** The broker did not acknowledge the snapshot; the outbox relay will try again. */
  public static class PublicationFailed extends Exception {
    PublicationFailed(StoredScope scope, Throwable cause) {
      super("could not publish " + scope.scopeKey() + " version " + scope.version(), cause);
    }
  }
}
