package io.twofold.loginapp.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The second-step page, from Twofold's view of the challenge: the way the user answers now, the
 * other ways ("try another way"), whether a code was sent and until when, and the countdown until
 * a new one may be asked for.
 *
 * @param secondsUntilNextCode whole seconds until a new code may be asked for; 0 when it may now
 */
public record SecondStepView(Way current, List<Way> others, boolean codeSent, Instant codeExpiresAt,
    Instant nextCodeAt, long secondsUntilNextCode, String deliveryStatus) {

  /** One way to answer: a factor (or backup codes), as the page names it. */
  public record Way(String type, String factorId, String label, String maskedDestination) {

    public boolean sendsCode() {
      return "SMS".equals(type) || "EMAIL".equals(type);
    }

    /** "Text message to +38******22 (New phone)". */
    public String describe() {
      String what = switch (type) {
        case "TOTP" -> "Authenticator app";
        case "SMS" -> "Text message to " + maskedDestination;
        case "EMAIL" -> "Email to " + maskedDestination;
        case "BACKUP_CODE" -> "A backup code";
        default -> type;
      };
      boolean says = label == null || label.isBlank() || "BACKUP_CODE".equals(type) || label.equalsIgnoreCase(what);
      return says ? what : what + " (" + label + ")";
    }

    public String prompt() {
      return switch (type) {
        case "TOTP" -> "Enter the 6-digit code your authenticator app shows.";
        case "BACKUP_CODE" -> "Enter one of your backup codes (xxxxx-xxxxx). Each works once.";
        default -> "Enter the 6-digit code we sent.";
      };
    }
  }

  /**
   * Whether Twofold reports the code of the current way undelivered: every provider refused it, a
   * provider's receipt said it never arrived with no provider left, or it could not be sent before
   * it expired. The page then says so and opens "try another way".
   */
  public boolean codeUndelivered() {
    return codeSent && ("FAILED".equals(deliveryStatus) || "EXPIRED_UNSENT".equals(deliveryStatus));
  }

  static SecondStepView of(JsonNode challenge, Instant now) {
    List<Way> ways = challenge.path("providers").valueStream().map(p -> new Way(p.path("type").asString(),
        p.path("factorId").asString(null), p.path("label").asString(null), p.path("maskedDestination").asString(null)))
        .toList();
    String currentType = challenge.path("currentProvider").asString(null);
    String currentFactor = challenge.path("currentFactorId").asString(null);
    Way current = ways.stream().filter(w -> w.type().equals(currentType)
            && (currentFactor == null || currentFactor.equals(w.factorId()))).findFirst()
        .orElse(ways.isEmpty() ? new Way(currentType, null, null, null) : ways.get(0));
    JsonNode code = challenge.path("code");
    boolean codeSent = code.isObject() && current.type().equals(code.path("provider").asString());
    Instant next = challenge.hasNonNull("nextCodeAt") ? Instant.parse(challenge.get("nextCodeAt").asString()) : null;
    long wait = next == null || !next.isAfter(now) ? 0 : Duration.between(now, next).toMillis() / 1000 + 1;
    return new SecondStepView(current, ways.stream().filter(w -> !w.equals(current)).toList(), codeSent,
        codeSent ? Instant.parse(code.path("expiresAt").asString()) : null, next, wait,
        challenge.path("delivery").path("status").asString(null));
  }
}
