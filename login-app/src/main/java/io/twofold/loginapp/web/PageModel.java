package io.twofold.loginapp.web;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs to know. */
@ControllerAdvice
class PageModel {

  @ModelAttribute("signedIn")
  boolean signedIn(HttpSession session) {
    return session.getAttribute(Sessions.SIGNED_IN) != null;
  }
}
