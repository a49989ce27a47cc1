package io.twofold.loginapp.web;

import io.twofold.loginapp.twofold.TokenIssuer;
import io.twofold.loginapp.twofold.TwofoldApi;
import io.twofold.loginapp.users.DemoUser;
import io.twofold.loginapp.users.DemoUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The sign-in: the password here, then Twofold's second step — a code by the user's default way,
 * another way on request, a new code after the countdown, a backup code — and, for a user who
 * must have 2FA and has no factor, enrollment that completes the same sign-in.
 */
@Controller
public class SignInController {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DemoUsers users;
  private final TokenIssuer tokens;
  private final TwofoldApi twofold;

  public SignInController(DemoUsers users, TokenIssuer tokens, TwofoldApi twofold) {
    this.users = users;
    this.tokens = tokens;
    this.twofold = twofold;
  }

  @GetMapping("/")
  public String home(HttpSession session) {
    return Sessions.signedIn(session, users).isPresent() ? "redirect:/home" : "redirect:/login";
  }

  @GetMapping("/login")
  public String loginPage() {
    return "login";
  }

  @PostMapping("/login")
  public String login(@RequestParam String username, @RequestParam String password, HttpServletRequest request,
      RedirectAttributes redirect) {
    Optional<DemoUser> user = users.authenticate(username, password);
    if (user.isEmpty()) {
      redirect.addFlashAttribute("error", "Wrong user name or password.");
      return "redirect:/login";
    }
    request.changeSessionId(); // a new session id for a new level of trust (session fixation)
    HttpSession session = request.getSession();
    // The challenge id is ours: random and new for every sign-in, never derived from the user.
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String challengeId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    Sessions.startSignIn(session, user.get(), challengeId);
    Map<String, Object> start = new HashMap<>(Map.of("challengeId", challengeId, "userId", user.get().id(),
        "authority", user.get().authority(), "userEmail", user.get().email(), "locale", request.getLocale().toLanguageTag(),
        "clientIp", request.getRemoteAddr()));
    putIfPresent(start, "tenantId", user.get().tenantId());
    putIfPresent(start, "tenantProfileId", user.get().tenantProfileId());
    putIfPresent(start, "customerId", user.get().customerId());
    TwofoldApi.Answer started = twofold.challenges("POST", "/api/v1/challenges", tokens.loginService(), start);
    if (!started.ok()) {
      redirect.addFlashAttribute("error", "The second step is unavailable: " + started.detail());
      return "redirect:/login";
    }
    return next(session, user.get(), started.body(), redirect);
  }

  private static void putIfPresent(Map<String, Object> body, String name, String value) {
    if (value != null) {
      body.put(name, value);
    }
  }

  /** Where the challenge's state sends the user. */
  private String next(HttpSession session, DemoUser user, JsonNode challenge, RedirectAttributes redirect) {
    // The answer names the user: check it is the one whose password was right.
    if (!DemoUsers.same(challenge.path("userId").asString(null), user.id())) {
      redirect.addFlashAttribute("error", "The second step answered for another user; sign in again.");
      session.invalidate();
      return "redirect:/login";
    }
    return switch (challenge.path("state").asString("")) {
      case "NOT_REQUIRED", "VERIFIED" -> {
        Sessions.completeSignIn(session, user);
        yield "redirect:/home";
      }
      case "ISSUED" -> "redirect:/second-step";
      case "ENROLLMENT_REQUIRED" -> "redirect:/enroll";
      case "LOCKED_OUT" -> {
        redirect.addFlashAttribute("error", "This account is locked after too many wrong codes."
            + " An administrator can unlock it.");
        yield "redirect:/login";
      }
      default -> {
        redirect.addFlashAttribute("error", "Sign-in refused (" + challenge.path("reason").asString("unknown")
            + "). Try again shortly.");
        yield "redirect:/login";
      }
    };
  }

  private Optional<JsonNode> challenge(HttpSession session) {
    String challengeId = Sessions.challengeId(session);
    if (challengeId == null) {
      return Optional.empty();
    }
    TwofoldApi.Answer read = twofold.challenges("GET", "/api/v1/challenges/" + challengeId, tokens.loginService(), null);
    return read.ok() ? Optional.of(read.body()) : Optional.empty();
  }

  @GetMapping("/second-step")
  public String secondStep(HttpSession session, Model model) {
    Optional<DemoUser> user = Sessions.pending(session, users);
    Optional<JsonNode> challenge = challenge(session);
    if (user.isEmpty() || challenge.isEmpty()) {
      return "redirect:/login";
    }
    if (!"ISSUED".equals(challenge.get().path("state").asString())) {
      return "redirect:/login";
    }
    model.addAttribute("challenge", SecondStepView.of(challenge.get(), Instant.now()));
    return "second-step";
  }

  @PostMapping("/second-step/code")
  public String verify(@RequestParam String code, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.pending(session, users);
    String challengeId = Sessions.challengeId(session);
    if (user.isEmpty() || challengeId == null) {
      return "redirect:/login";
    }
    TwofoldApi.Answer answer = twofold.challenges("POST", "/api/v1/challenges/" + challengeId + "/verifications",
        tokens.loginService(), Map.of("code", code.trim()));
    if (answer.status() == 429) {
      redirect.addFlashAttribute("error", "Too many codes tried. Wait " + answer.header("Retry-After")
          + " seconds before the next one.");
      return "redirect:/second-step";
    }
    if (answer.status() == 409 && "no-code-sent".equals(answer.problem())) {
      redirect.addFlashAttribute("error", "No code has been sent for this sign-in yet: ask for one"
          + " (a code from an earlier sign-in does not work here).");
      return "redirect:/second-step";
    }
    if (!answer.ok()) {
      redirect.addFlashAttribute("error", answer.status() == 400
          ? "That does not look like a code." : "The code could not be checked: " + answer.detail());
      return "redirect:/second-step";
    }
    if (!DemoUsers.same(answer.body().path("userId").asString(null), user.get().id())) {
      session.invalidate();
      redirect.addFlashAttribute("error", "The second step answered for another user; sign in again.");
      return "redirect:/login";
    }
    switch (answer.body().path("result").asString("")) {
      case "VERIFIED" -> {
        Sessions.completeSignIn(session, user.get());
        return "redirect:/home";
      }
      case "ATTEMPT_FAILED" -> redirect.addFlashAttribute("error", "Wrong code."
          + (answer.body().has("attemptsLeft") ? " " + answer.body().get("attemptsLeft").asInt()
              + " attempts left before the account is locked." : ""));
      case "CODE_EXPIRED" -> redirect.addFlashAttribute("error", "This code has expired. Send a new one.");
      case "LOCKED_OUT" -> {
        session.invalidate();
        redirect.addFlashAttribute("error", "This account is locked after too many wrong codes."
            + " An administrator can unlock it.");
        return "redirect:/login";
      }
      default -> {
        session.invalidate();
        redirect.addFlashAttribute("error", "This sign-in took too long. Sign in again.");
        return "redirect:/login";
      }
    }
    return "redirect:/second-step";
  }

  /** A new code by the current way, or another way ("try another way"), possibly another factor. */
  @PostMapping("/second-step/way")
  public String otherWay(@RequestParam String provider, @RequestParam(required = false) String factorId,
      HttpSession session, RedirectAttributes redirect) {
    String challengeId = Sessions.challengeId(session);
    if (challengeId == null) {
      return "redirect:/login";
    }
    Map<String, Object> body = new HashMap<>(Map.of("provider", provider));
    putIfPresent(body, "factorId", factorId == null || factorId.isBlank() ? null : factorId);
    TwofoldApi.Answer answer = twofold.challenges("POST", "/api/v1/challenges/" + challengeId + "/code-requests",
        tokens.loginService(), body);
    if (answer.status() == 429) {
      redirect.addFlashAttribute("error", "A code was sent moments ago. You can ask for another in "
          + answer.header("Retry-After") + " seconds.");
    } else if (!answer.ok()) {
      redirect.addFlashAttribute("error", "That did not work: " + answer.detail());
    } else if (provider.equals("SMS") || provider.equals("EMAIL")) {
      redirect.addFlashAttribute("info", "A code is on its way.");
    }
    return "redirect:/second-step";
  }

  // ------------------------------------------------------------------ enrollment in a sign-in

  @GetMapping("/enroll")
  public String enrollPage(HttpSession session, Model model) {
    Optional<DemoUser> user = Sessions.pending(session, users);
    Optional<JsonNode> challenge = challenge(session);
    if (user.isEmpty() || challenge.isEmpty()) {
      return "redirect:/login";
    }
    model.addAttribute("providers", challenge.get().path("providers").valueStream()
        .map(p -> p.path("type").asString()).toList());
    model.addAttribute("user", user.get());
    return "enroll";
  }

  @PostMapping("/enroll/start")
  public String startEnrollment(@RequestParam String type, @RequestParam(required = false) String destination,
      HttpSession session, Model model, RedirectAttributes redirect) {
    Optional<DemoUser> user = Sessions.pending(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    Map<String, Object> body = new HashMap<>(Map.of("type", type));
    if (type.equals("SMS")) {
      body.put("phoneNumber", destination == null ? "" : destination);
    } else if (type.equals("EMAIL")) {
      body.put("email", destination == null ? "" : destination);
    }
    TwofoldApi.Answer created = twofold.enrollment("POST", "/api/v1/me/factors", tokens.enrollOnly(user.get()), body);
    if (!created.ok()) {
      redirect.addFlashAttribute("error", created.detail() + fieldErrors(created));
      return "redirect:/enroll";
    }
    session.setAttribute(Sessions.ENROLLING_FACTOR, created.body().path("factor").path("id").asString());
    model.addAttribute("type", type);
    model.addAttribute("qrPng", created.body().path("qrPng").asString(null));
    model.addAttribute("secret", created.body().path("secret").asString(null));
    model.addAttribute("maskedDestination", created.body().path("factor").path("maskedDestination").asString(null));
    model.addAttribute("action", "/enroll/confirm");
    return "confirm-factor";
  }

  static String fieldErrors(TwofoldApi.Answer answer) {
    if (answer.body() == null || !answer.body().has("errors")) {
      return "";
    }
    StringBuilder fields = new StringBuilder();
    answer.body().get("errors").forEach(error -> fields.append(" ").append(error.path("field").asString(""))
        .append(": ").append(error.path("message").asString("")).append("."));
    return fields.toString();
  }

  @PostMapping("/enroll/confirm")
  public String confirmEnrollment(@RequestParam String code, HttpSession session, RedirectAttributes redirect)
      throws InterruptedException {
    Optional<DemoUser> user = Sessions.pending(session, users);
    String factorId = (String) session.getAttribute(Sessions.ENROLLING_FACTOR);
    String challengeId = Sessions.challengeId(session);
    if (user.isEmpty() || factorId == null || challengeId == null) {
      return "redirect:/login";
    }
    // Naming this sign-in's challenge: the confirmation completes it, no second code.
    TwofoldApi.Answer confirmed = twofold.enrollment("POST", "/api/v1/me/factors/" + factorId + "/confirmation",
        tokens.enrollOnly(user.get()), Map.of("code", code.trim(), "challengeId", challengeId));
    if (!confirmed.ok()) {
      redirect.addFlashAttribute("error", "That code did not confirm it: " + confirmed.detail());
      return "redirect:/enroll";
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline)) {
      Optional<JsonNode> challenge = challenge(session);
      if (challenge.isPresent() && "VERIFIED".equals(challenge.get().path("state").asString())) {
        return next(session, user.get(), challenge.get(), redirect);
      }
      Thread.sleep(200);
    }
    redirect.addFlashAttribute("info", "Your new factor is set up. Sign in with it.");
    session.invalidate();
    return "redirect:/login";
  }

  @GetMapping("/home")
  public String signedIn(HttpSession session, Model model) {
    Optional<DemoUser> user = Sessions.signedIn(session, users);
    if (user.isEmpty()) {
      return "redirect:/login";
    }
    model.addAttribute("user", user.get());
    return "home";
  }

  @PostMapping("/logout")
  public String logout(HttpSession session) {
    session.invalidate();
    return "redirect:/login";
  }
}
