package io.twofold.policy.client;

/**
 * Policy could not be evaluated (policy-service down, timed out or answering errors) and no valid
 * cached answer exists. Callers must fail closed: a sign-in is rejected, never let through.
 */
public class PolicyUnavailableException extends RuntimeException
    implements io.twofold.platform.kafka.TransientFailure, io.twofold.platform.kafka.Failures.Named {

  public PolicyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String unavailable() {
    return "policy";
  }
}
