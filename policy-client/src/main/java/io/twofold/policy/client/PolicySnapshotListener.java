package io.twofold.policy.client;

import io.twofold.schemas.policy.PolicySnapshot;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Invalidates the policy cache from {@code twofold.policies}. Every instance must see every
 * snapshot, so each uses its own consumer group; the compacted topic is read from the start, which
 * also tells the cache the latest versions.
 */
public class PolicySnapshotListener {

  private final PolicyCache cache;

  public PolicySnapshotListener(PolicyCache cache) {
    this.cache = cache;
  }

  @KafkaListener(
      id = "policy-cache",
      topics = "#{T(io.twofold.schemas.Topics).POLICIES.name()}",
      groupId = "${spring.application.name:twofold}-policy-cache-${random.uuid}",
      containerFactory = "policyCacheListenerFactory")
  public void on(PolicySnapshot snapshot) {
    cache.changed(snapshot.getScopeKey(), snapshot.getVersion());
  }
}
