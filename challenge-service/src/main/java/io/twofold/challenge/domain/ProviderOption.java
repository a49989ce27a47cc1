package io.twofold.challenge.domain;

/**
 * A way the user can answer a challenge. {@code destination} (email or phone) is kept for sending
 * and never shown; {@code maskedDestination} is what the login page may display.
 */
public record ProviderOption(String type, String factorId, String maskedDestination, String destination) {

  public boolean sendsCode() {
    return "EMAIL".equals(type) || "SMS".equals(type);
  }
}
