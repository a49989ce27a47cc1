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
 * @param pendingUntil when a PENDING factor that nobody confirmed expires; null once ACTIVE
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
    Instant confirmedAt,
    Instant pendingUntil) {

  public Factor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
  }

  public static Factor totp(String id, String userId, String tenantId, String label, Instant now, Instant pendingUntil) {
    return new Factor(id, userId, tenantId, FactorType.TOTP, label, FactorState.PENDING, false, null, now, null,
        pendingUntil);
  }

  public static Factor sms(String id, String userId, String tenantId, String label, String e164, Instant now,
      Instant pendingUntil) {
    return new Factor(id, userId, tenantId, FactorType.SMS, label, FactorState.PENDING, false, e164, now, null,
        pendingUntil);
  }

  public static Factor email(String id, String userId, String tenantId, String label, String email, Instant now,
      Instant pendingUntil) {
    return new Factor(id, userId, tenantId, FactorType.EMAIL, label, FactorState.PENDING, false, email, now, null,
        pendingUntil);
  }

  public boolean isActive() {
    return state == FactorState.ACTIVE;
  }

  /**
   * A PENDING factor nobody confirmed in time: it no longer exists for anyone (a pending factor
   * without an expiry was stored before pending factors expired, and counts as expired).
   */
  public boolean isExpired(Instant now) {
    return state == FactorState.PENDING && (pendingUntil == null || !now.isBefore(pendingUntil));
  }

  public Optional<String> maskedDestination() {
    if (destination == null) {
      return Optional.empty();
    }
    return Optional.of(type == FactorType.EMAIL ? Masking.email(destination) : Masking.phone(destination));
  }
}
