package io.twofold.platform.security;

/** Token scopes (DESIGN §6) and the Spring Security authorities they map to. */
public final class Scopes {

  /** Login services: create and verify challenges. */
  public static final String LOGIN = "twofold.login";

  /** Service-to-service calls inside Twofold. */
  public static final String INTERNAL = "twofold.internal";

  /** Enrollment-only tokens issued to users who must enroll before they can sign in. */
  public static final String ENROLL = "twofold.enroll";

  /** Prometheus scrapers: {@code /actuator/prometheus} and {@code /actuator/info}, nothing else. */
  public static final String METRICS = "twofold.metrics";

  /** Every Twofold scope; a token carries at most one of them (see {@link CallerKind}). */
  public static final java.util.Set<String> ALL = java.util.Set.of(LOGIN, INTERNAL, ENROLL, METRICS);

  private Scopes() {}
}
