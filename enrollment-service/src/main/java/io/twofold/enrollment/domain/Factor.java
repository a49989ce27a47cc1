package io.twofold.enrollment.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The public data of a factor: safe to show to its user and administrators and to publish (masked).
 * Its secret data (TOTP secret, pending confirmation code) is a separate type in the store and never
 * leaves it.
 *
 * @param destination the email address or E.164 phone number (null for TOTP); shown unmasked only
 *     to the user and to challenge-service, which needs it to send codes
 */
public record Factor(
    String id,
    String userId,
    String tenantId,
    FactorType type,
    String label,
    FactorState state,
    boolean isDefault,
    String destination,
    Instant createdAt,
    Instant confirmedAt) {

  public Factor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
  }

  public static Factor totp(String id, String userId, String tenantId, String label, Instant now) {
    return new Factor(id, userId, tenantId, FactorType.TOTP, label, FactorState.PENDING, false, null, now, null);
  }

  public static Factor sms(String id, String userId, String tenantId, String label, String e164, Instant now) {
    return new Factor(id, userId, tenantId, FactorType.SMS, label, FactorState.PENDING, false, e164, now, null);
  }

  public static Factor email(String id, String userId, String tenantId, String label, String email, Instant now) {
    return new Factor(id, userId, tenantId, FactorType.EMAIL, label, FactorState.PENDING, false, email, now, null);
  }

  public boolean isActive() {
    return state == FactorState.ACTIVE;
  }

  public Optional<String> maskedDestination() {
    if (destination == null) {
      return Optional.empty();
    }
    return Optional.of(type == FactorType.EMAIL ? Masking.email(destination) : Masking.phone(destination));
  }
}
