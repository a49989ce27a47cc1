package io.twofold.policy.kafka;

import io.twofold.policy.store.SettingsStore;
import io.twofold.policy.store.StoredScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes every change that was written but not yet published: after a crash between the write
 * and the publish, after a broker outage, and right after start-up. Runs on every instance; the
 * pending mark is per scope and republishing is harmless.
 */
@Component
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final SettingsStore store;
  private final PolicySnapshotPublisher publisher;

  public OutboxRelay(SettingsStore store, PolicySnapshotPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  @Scheduled(initialDelay = 0, fixedDelayString = "${twofold.policy.outbox-interval:5s}")
  public void publishPending() {
    for (StoredScope scope : store.unpublished()) {
      try {
        publisher.publishLatest(scope.scopeKey());
      } catch (PolicySnapshotPublisher.PublicationFailed failed) {
        log.warn("{}; retrying on the next run", failed.getMessage());
      }
    }
  }
}
