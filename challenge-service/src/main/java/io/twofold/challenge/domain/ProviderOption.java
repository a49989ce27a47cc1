package io.twofold.challenge.domain;

/**
 * A way the user can answer a challenge: one of the user's factors (a user may hold several of one
 * type, e.g. two phones), or backup codes. {@code destination} (email or phone) is kept for sending
 * and never shown; {@code label} and {@code maskedDestination} are what the login page may display.
 */
public record ProviderOption(String type, String factorId, String label, String maskedDestination, String destination) {

  public boolean sendsCode() {
    return "EMAIL".equals(type) || "SMS".equals(type);
  }
}
