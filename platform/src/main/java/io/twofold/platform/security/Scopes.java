package io.twofold.platform.security;

/** Token scopes (DESIGN §6) and the Spring Security authorities they map to. */
public final class Scopes {

  /** Login services: create and verify challenges. */
  public static final String LOGIN = "twofold.login";

  /** Service-to-service calls inside Twofold. */
  public static final String INTERNAL = "twofold.internal";

  /** Enrollment-only tokens issued to users who must enroll before they can sign in. */
  public static final String ENROLL = "twofold.enroll";

  private Scopes() {}

  /** {@code SCOPE_<scope>}, usable in {@code hasAuthority(...)}. */
  public static String authority(String scope) {
    return "SCOPE_" + scope;
  }
}
