package io.twofold.enrollment.api;

import io.twofold.enrollment.app.EnrollingUser;
import io.twofold.platform.security.Caller;
import io.twofold.platform.web.ProblemException;
import java.util.Locale;

/** The enrolling user from its token: a user (with an authority) acting on its own factors. */
final class Users {

  private Users() {}

  static EnrollingUser of(Caller caller, Locale locale) {
    if (caller.userId() == null || caller.authority().isEmpty()) {
      throw ProblemException.forbidden("a user token (sub and authority) is required");
    }
    return new EnrollingUser(caller.userId(), caller.tenantId(), caller.authority().get().name(),
        caller.tenantProfileId(), locale == null ? null : locale.toLanguageTag());
  }
}
