package io.twofold.loginapp.web;

import io.twofold.loginapp.users.DemoUser;
import io.twofold.loginapp.users.DemoUsers;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * What a browser session holds: a sign-in in progress (the user whose password was right and the
 * challenge Twofold is asking), then the signed-in user, and a step-up grant while it lasts.
 */
final class Sessions {

  static final String PENDING_USER = "pendingUser";
  static final String CHALLENGE = "challengeId";
  static final String SIGNED_IN = "signedIn";
  static final String ENROLLING_FACTOR = "enrollingFactor";
  static final String STEP_UP = "stepUp";

  private Sessions() {}

  static Optional<DemoUser> signedIn(HttpSession session, DemoUsers users) {
    return Optional.ofNullable((String) session.getAttribute(SIGNED_IN)).flatMap(users::find);
  }

  static Optional<DemoUser> pending(HttpSession session, DemoUsers users) {
    return Optional.ofNullable((String) session.getAttribute(PENDING_USER)).flatMap(users::find);
  }

  static String challengeId(HttpSession session) {
    return (String) session.getAttribute(CHALLENGE);
  }

  static void startSignIn(HttpSession session, DemoUser user, String challengeId) {
    session.removeAttribute(SIGNED_IN);
    session.removeAttribute(STEP_UP);
    session.setAttribute(PENDING_USER, user.id());
    session.setAttribute(CHALLENGE, challengeId);
  }

  static void completeSignIn(HttpSession session, DemoUser user) {
    session.removeAttribute(PENDING_USER);
    session.removeAttribute(CHALLENGE);
    session.removeAttribute(ENROLLING_FACTOR);
    session.setAttribute(SIGNED_IN, user.id());
  }
}
