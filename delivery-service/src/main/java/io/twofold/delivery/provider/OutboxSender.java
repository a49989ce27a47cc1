package io.twofold.delivery.provider;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where messages go when no provider credentials are configured (the local stack): kept in memory
 * for the local-profile outbox endpoint, and logged without the message body, so nothing is sent
 * silently nowhere.
 */
public final class OutboxSender implements MessageSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
  private static final int KEEP = 200;

  private final OutgoingMessage.Channel channel;
  private final Clock clock;
  private final Deque<Delivered> delivered = new ArrayDeque<>();

  public OutboxSender(OutgoingMessage.Channel channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  /** A message in the outbox. */
  public record Delivered(String id, Instant at, OutgoingMessage message) {}

  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public OutgoingMessage.Channel channel() {
    return channel;
  }

  @Override
  public synchronized SendOutcome send(OutgoingMessage message) {
    String id = "outbox-" + UUID.randomUUID();
    delivered.addFirst(new Delivered(id, clock.instant(), message));
    while (delivered.size() > KEEP) {
      delivered.removeLast();
    }
    log.info("{} message {} to {} placed in the local outbox (no provider configured)", channel, id, message.to());
    return new SendOutcome.Sent(id);
  }

  public synchronized List<Delivered> recent() {
    return List.copyOf(delivered);
  }
}
