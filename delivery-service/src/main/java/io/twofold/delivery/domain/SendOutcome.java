package io.twofold.delivery.domain;

import java.time.Duration;
import java.util.Optional;

/** What a provider answered to one send. */
public sealed interface SendOutcome {

  /** Accepted by the provider. */
  record Sent(String providerMessageId) implements SendOutcome {}

  /** Worth trying again: 429, 5xx or a timeout; {@code retryAfter} when the provider said how long to wait. */
  record Retryable(String errorClass, Optional<Duration> retryAfter) implements SendOutcome {}

  /** Trying again cannot help (a 4xx other than 429: bad number, bad key, rejected content). */
  record Failed(String errorClass) implements SendOutcome {}

  /** Classifies an HTTP status as the retry rules of DESIGN §5 want it. */
  static SendOutcome ofHttpStatus(int status, String messageId, Optional<Duration> retryAfter) {
    if (status >= 200 && status < 300) {
      return new Sent(messageId);
    }
    if (status == 429) {
      return new Retryable("HTTP_429", retryAfter);
    }
    if (status >= 500) {
      return new Retryable("HTTP_5XX", retryAfter);
    }
    return new Failed("HTTP_" + status);
  }
}
