package io.twofold.platform.support;

import io.twofold.platform.mongo.ProcessedEvents;
import io.twofold.schemas.challenge.LockoutEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A listener as services write them: idempotent on the event id, never swallowing exceptions. A
 * lockout with reason "explode" fails, to show failing records reach the dead-letter topic.
 */
@Component
public class LockoutRecorder {

  private final ProcessedEvents processedEvents;
  private final List<LockoutEvent> applied = new CopyOnWriteArrayList<>();

  public LockoutRecorder(ProcessedEvents processedEvents) {
    this.processedEvents = processedEvents;
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).LOCKOUTS.name()}")
  public void on(LockoutEvent event) {
    processedEvents.runOnce("lockout-recorder", event.getMetadata().getEventId().toString(), () -> {
      if ("explode".equals(event.getReason())) {
        throw new IllegalStateException("cannot apply this lockout");
      }
      applied.add(event);
    });
  }

  public List<LockoutEvent> applied() {
    return applied;
  }
}
