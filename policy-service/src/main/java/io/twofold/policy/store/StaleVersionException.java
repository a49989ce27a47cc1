package io.twofold.policy.store;

/** The settings changed since the caller read them: its write would lose that change. */
public class StaleVersionException extends RuntimeException {

  public StaleVersionException(String scopeKey, long expected) {
    super("settings of " + scopeKey + " are no longer at version " + expected + "; read them again");
  }
}
