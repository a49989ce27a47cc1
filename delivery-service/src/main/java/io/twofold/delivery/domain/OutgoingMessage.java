package io.twofold.delivery.domain;

/**
 * A rendered message ready for a provider. It contains the code: it lives only in memory for the
 * duration of one send and is never logged (toString hides the bodies).
 */
public record OutgoingMessage(Channel channel, String to, String subject, String text, String html) {

  public enum Channel {
    EMAIL,
    SMS
  }

  @Override
  public String toString() {
    return "OutgoingMessage[" + channel + " to " + to + "]";
  }
}
