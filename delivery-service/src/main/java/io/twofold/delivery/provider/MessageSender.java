package io.twofold.delivery.provider;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;

/** One way to send messages of one channel. Implementations never log message bodies. */
public interface MessageSender {

  /** sendgrid, twilio, smtp or outbox: the {@code provider} of delivery events and metrics. */
  String name();

  OutgoingMessage.Channel channel();

  /** Sends once; never retries or sleeps (retries are the worker's, scheduled without blocking). */
  SendOutcome send(OutgoingMessage message);
}
