package io.twofold.policy.client;

import io.twofold.schemas.policy.PolicySnapshot;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;

/**
 * Invalidates the policy cache from {@code twofold.policies}. Every instance must see every
 * snapshot, so none shares a consumer group: each is assigned every partition, read from the start
 * (which also tells the cache the latest versions), and joins no group and commits nothing, so no
 * restart leaves a group behind on the broker.
 */
public class PolicySnapshotListener {

  private final PolicyCache cache;

  public PolicySnapshotListener(PolicyCache cache) {
    this.cache = cache;
  }

  @KafkaListener(
      id = "policy-cache",
      idIsGroup = false,
      topicPartitions = @TopicPartition(
          topic = "#{T(io.twofold.schemas.Topics).POLICIES.name()}",
          partitions = "#{@policyCachePartitions.all()}",
          partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0")),
      containerFactory = "policyCacheListenerFactory")
  public void on(PolicySnapshot snapshot) {
    cache.changed(snapshot.getScopeKey(), snapshot.getVersion());
  }
}
