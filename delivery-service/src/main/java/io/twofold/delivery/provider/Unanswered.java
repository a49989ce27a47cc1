package io.twofold.delivery.provider;

import io.twofold.delivery.domain.SendOutcome;
import java.util.Optional;

/**
 * The outcome of a provider call that got no answer, for the HTTP senders: worth retrying, as
 * {@code TIMEOUT} when the answer did not come in time (the JDK's socket timeout or one of the
 * client's own timeout types, anywhere in the cause chain), else as {@code CONNECTION}.
 */
final class Unanswered {

  private Unanswered() {}

  @SafeVarargs
  static SendOutcome outcome(Throwable failure, Class<? extends Throwable>... clientTimeouts) {
    return new SendOutcome.Retryable(timedOut(failure, clientTimeouts) ? "TIMEOUT" : "CONNECTION", Optional.empty());
  }

  @SafeVarargs
  private static boolean timedOut(Throwable failure, Class<? extends Throwable>... clientTimeouts) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.SocketTimeoutException) {
        return true;
      }
      for (Class<? extends Throwable> timeout : clientTimeouts) {
        if (timeout.isInstance(cause)) {
          return true;
        }
      }
    }
    return false;
  }
}
