package io.twofold.loginapp.web;

import io.twofold.loginapp.twofold.TokenIssuer;
import io.twofold.loginapp.twofold.TwofoldApi;
import io.twofold.loginapp.users.DemoUser;
import io.twofold.loginapp.users.DemoUsers;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Account → Security (the seed's tab): the user's factors with their labels, adding an
 * authenticator app, a phone or an email address, choosing the default, removing one, and backup
 * codes to see, download or print. Changes to a user who already has a factor need a step-up: a
 * current code of one of their factors, proved here and kept for its few minutes.
 */
@Controller
public class AccountController {

  private static final String STEP_UP_HEADER = "Twofold-Step-Up";

  private final DemoUsers users;
  private final TokenIssuer tokens;
  private final TwofoldApi twofold;

  public AccountController(DemoUsers users, TokenIssuer tokens, TwofoldApi twofold) {
    this.users = users;
    this.tokens = tokens;
    this.twofold = twofold;
  }

  /** A step-up grant and when it ends. */
  record Grant(String token, Instant until) implements java.io.Serializable {}

  private static String grant(HttpSession session) {
    Grant grant = (Grant) session.getAttribute(Sessions.STEP_UP);
    return grant != null && grant.until().isAfter(Instant.now()) ? grant.token() : null;
  }

  private Map<String, String> stepUp(HttpSession session) {
    return Map.of(STEP_UP_HEADER, Optional.ofNullable(grant(session)).orElse(""));
  }

  @GetMapping("/account/security")
  public String security(HttpSession session, Model model) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    TwofoldApi.Answer factors = twofold.enrollment("GET", "/api/v1/me/factors", tokens.user(user.get()), null);
    List<JsonNode> all = factors.ok() ? factors.body().path("factors").valueStream().toList() : List.of();
    model.addAttribute("user", user.get());
    model.addAttribute("factors", all.stream().filter(f -> "ACTIVE".equals(f.path("state").asString())).map(Factor::of)
        .toList());
    model.addAttribute("backupCodesLeft", factors.ok() ? factors.body().path("backupCodesLeft").asLong() : 0);
    model.addAttribute("steppedUp", grant(session) != null);
    return "security";
  }

  /** A factor as the Security tab lists it. */
  public record Factor(String id, String type, String label, String maskedDestination, boolean isDefault) {
    static Factor of(JsonNode factor) {
      return new Factor(factor.path("id").asString(), factor.path("type").asString(), factor.path("label").asString(""),
          factor.path("maskedDestination").asString(null), factor.path("isDefault").asBoolean());
    }

    public boolean sendsCode() {
      return "SMS".equals(type) || "EMAIL".equals(type);
    }
  }

  @PostMapping("/account/step-up/code")
  public String sendStepUpCode(@RequestParam String factorId, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    TwofoldApi.Answer sent = twofold.enrollment("POST", "/api/v1/me/step-up/code-requests", tokens.user(user.get()),
        Map.of("factorId", factorId));
    redirect.addFlashAttribute(sent.ok() ? "info" : "error", sent.ok() ? "A code is on its way." : sent.detail());
    return "redirect:/account/security";
  }

  @PostMapping("/account/step-up")
  public String stepUp(@RequestParam(required = false) String factorId, @RequestParam String code, HttpSession session,
      RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    Map<String, Object> proof = new HashMap<>(Map.of("code", code.trim()));
    if (factorId != null && !factorId.isBlank()) {
      proof.put("factorId", factorId);
    }
    TwofoldApi.Answer granted = twofold.enrollment("POST", "/api/v1/me/step-up", tokens.user(user.get()), proof);
    if (!granted.ok()) {
      redirect.addFlashAttribute("error", "That code did not confirm it is you: " + granted.detail());
    } else {
      session.setAttribute(Sessions.STEP_UP, new Grant(granted.body().path("stepUpToken").asString(),
          Instant.parse(granted.body().path("expiresAt").asString())));
      redirect.addFlashAttribute("info", "Confirmed. You can change your sign-in methods for a few minutes.");
    }
    return "redirect:/account/security";
  }

  @PostMapping("/account/factors")
  public String addFactor(@RequestParam String type, @RequestParam(required = false) String destination,
      @RequestParam(required = false) String label, HttpSession session, Model model, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    Map<String, Object> body = new HashMap<>(Map.of("type", type));
    if (label != null && !label.isBlank()) {
      body.put("label", label);
    }
    if (type.equals("SMS")) {
      body.put("phoneNumber", destination == null ? "" : destination);
    } else if (type.equals("EMAIL")) {
      body.put("email", destination == null ? "" : destination);
    }
    TwofoldApi.Answer created = twofold.enrollment("POST", "/api/v1/me/factors", tokens.user(user.get()), body,
        stepUp(session));
    if (!created.ok()) {
      redirect.addFlashAttribute("error", ("step-up-required".equals(created.problem())
          ? "First confirm it is you with a code from one of your methods." : created.detail())
          + SignInController.fieldErrors(created));
      return "redirect:/account/security";
    }
    session.setAttribute(Sessions.ENROLLING_FACTOR, created.body().path("factor").path("id").asString());
    model.addAttribute("type", type);
    model.addAttribute("qrPng", created.body().path("qrPng").asString(null));
    model.addAttribute("secret", created.body().path("secret").asString(null));
    model.addAttribute("maskedDestination", created.body().path("factor").path("maskedDestination").asString(null));
    model.addAttribute("action", "/account/factors/confirm");
    return "confirm-factor";
  }

  @PostMapping("/account/factors/confirm")
  public String confirmFactor(@RequestParam String code, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    String factorId = (String) session.getAttribute(Sessions.ENROLLING_FACTOR);
    if (user.isEmpty() || factorId == null) {
      return "redirect:/login";
    }
    TwofoldApi.Answer confirmed = twofold.enrollment("POST", "/api/v1/me/factors/" + factorId + "/confirmation",
        tokens.user(user.get()), Map.of("code", code.trim()));
    if (!confirmed.ok()) {
      redirect.addFlashAttribute("error", "That code did not confirm it: " + confirmed.detail());
    } else {
      session.removeAttribute(Sessions.ENROLLING_FACTOR);
      if (confirmed.body().hasNonNull("stepUpToken")) { // confirming proved a factor: backup codes need no new code
        session.setAttribute(Sessions.STEP_UP, new Grant(confirmed.body().get("stepUpToken").asString(),
            Instant.parse(confirmed.body().get("stepUpExpiresAt").asString())));
      }
      redirect.addFlashAttribute("info", confirmed.body().path("label").asString("The new method") + " is ready.");
    }
    return "redirect:/account/security";
  }

  @PostMapping("/account/factors/{factorId}/default")
  public String makeDefault(@PathVariable String factorId, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    TwofoldApi.Answer made = twofold.enrollment("POST", "/api/v1/me/factors/" + factorId + "/default",
        tokens.user(user.get()), null);
    redirect.addFlashAttribute(made.ok() ? "info" : "error", made.ok() ? "Default method changed." : made.detail());
    return "redirect:/account/security";
  }

  @PostMapping("/account/factors/{factorId}/remove")
  public String remove(@PathVariable String factorId, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    TwofoldApi.Answer removed = twofold.enrollment("DELETE", "/api/v1/me/factors/" + factorId, tokens.user(user.get()),
        null, stepUp(session));
    redirect.addFlashAttribute(removed.ok() ? "info" : "error", removed.ok() ? "Method removed."
        : "step-up-required".equals(removed.problem())
            ? "First confirm it is you with a code from one of your methods." : removed.detail());
    return "redirect:/account/security";
  }

  /**
   * New backup codes, replacing any earlier ones: shown on a page, as a text file to download, or as
   * a page to print — Twofold shows codes once, so the format is chosen when they are made.
   */
  @PostMapping("/account/backup-codes")
  public Object backupCodes(@RequestParam(defaultValue = "show") String format, HttpSession session, Model model,
      RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    String query = switch (format) {
      case "text" -> "?format=text";
      case "print" -> "?format=html";
      default -> "";
    };
    TwofoldApi.Answer made = twofold.enrollment("POST", "/api/v1/me/backup-codes" + query, tokens.user(user.get()),
        Map.of(), stepUp(session));
    if (!made.ok()) {
      redirect.addFlashAttribute("error", "step-up-required".equals(made.problem())
          ? "First confirm it is you with a code from one of your methods." : made.detail());
      return "redirect:/account/security";
    }
    return switch (format) {
      case "text" -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"backup-codes.txt\"")
          .header(HttpHeaders.CACHE_CONTROL, "no-store").body(made.text());
      case "print" -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
          .header(HttpHeaders.CACHE_CONTROL, "no-store").body(made.text());
      default -> {
        model.addAttribute("codes", made.body().path("codes").valueStream().map(JsonNode::asString).toList());
        yield "backup-codes";
      }
    };
  }
}
