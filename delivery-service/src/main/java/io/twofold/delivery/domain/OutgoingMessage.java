package io.twofold.delivery.domain;

/**
 * A rendered message ready for a provider. It contains the code: it lives only in memory for the
 * duration of one send and is never logged (toString hides the bodies).
 *
 * @param reference the request id, for providers that carry a sender's own id through to their
 *     delivery receipts (SendGrid's custom arguments); null when rendered without one
 */
public record OutgoingMessage(Channel channel, String to, String subject, String text, String html, String reference) {

  public OutgoingMessage(Channel channel, String to, String subject, String text, String html) {
    this(channel, to, subject, text, html, null);
  }

  public OutgoingMessage withReference(String requestId) {
    return new OutgoingMessage(channel, to, subject, text, html, requestId);
  }

  public enum Channel {
    EMAIL,
    SMS
  }

  @Override
  public String toString() {
    return "OutgoingMessage[" + channel + " to " + to + "]";
  }
}
