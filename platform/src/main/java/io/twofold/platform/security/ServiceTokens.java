package io.twofold.platform.security;

/**
 * Bearer tokens a service sends when it calls another Twofold service (scope
 * {@code twofold.internal}, DESIGN §6).
 */
public interface ServiceTokens {

  /** A token valid for at least the next few minutes. */
  String current();
}
