package io.twofold.platform.support;

import io.twofold.platform.mongo.ProcessedEvents;
import io.twofold.schemas.challenge.LockoutEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A listener as services write them: idempotent on the event id, never swallowing exceptions. A
 * lockout with reason "explode" fails, to show failing records reach the dead-letter topic; one with
 * reason "flaky" fails three times for a transient cause (something it needs is away), then works.
 */
@Component
public class LockoutRecorder {

  private final ProcessedEvents processedEvents;
  private final List<LockoutEvent> applied = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> flakes =
      new java.util.concurrent.ConcurrentHashMap<>();

  public LockoutRecorder(ProcessedEvents processedEvents) {
    this.processedEvents = processedEvents;
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).LOCKOUTS.name()}")
  public void on(LockoutEvent event) {
    processedEvents.runOnce("lockout-recorder", event.getMetadata().getEventId().toString(), () -> {
      if ("explode".equals(event.getReason())) {
        throw new IllegalStateException("cannot apply this lockout");
      }
      if ("flaky".equals(event.getReason())
          && flakes.computeIfAbsent(event.getUserId(), user -> new java.util.concurrent.atomic.AtomicInteger())
              .incrementAndGet() <= 3) {
        throw new Unavailable();
      }
      applied.add(event);
    });
  }

  public List<LockoutEvent> applied() {
    return applied;
  }

  /** How often the record of a user was attempted. */
  public int attempts(String userId) {
    return flakes.getOrDefault(userId, new java.util.concurrent.atomic.AtomicInteger()).get();
  }

  /** A peer this listener needs is briefly unavailable. */
  static final class Unavailable extends RuntimeException implements io.twofold.platform.kafka.TransientFailure {
    Unavailable() {
      super("a dependency is briefly unavailable");
    }
  }
}
