package io.twofold.policy.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One scope's settings as stored. {@code version} is the optimistic version; {@code publishedVersion}
 * is the last version published to {@code twofold.policies}; {@code pending} marks a version not yet
 * published. All live in the same document as the settings, so a change and its "to be published"
 * mark are written by one atomic operation: a crash after the write leaves the document pending,
 * and the outbox relay publishes it.
 */
@Document("policy_settings")
public record SettingsDocument(
    @Id String id,
    String tenantId,
    long version,
    long publishedVersion,
    boolean pending,
    boolean useSystemSettings,
    Fields settings,
    Filter tenantEnforcement,
    Instant updatedAt,
    String updatedBy) {

  /** Providers, limits and (system only) enforcement. */
  public record Fields(
      List<Provider> providers,
      int minVerificationCodeSendPeriod,
      String verificationCodeCheckRateLimit,
      int maxVerificationFailuresBeforeUserLockout,
      int totalAllowedTimeForVerification,
      boolean enforceTwoFa,
      Filter enforcedUsersFilter) {}

  public record Provider(
      String providerType,
      String issuerName,
      Integer verificationCodeLifetime,
      String smsVerificationMessageTemplate,
      Integer codesQuantity,
      List<String> smsAllowedCountries) {}

  public record Filter(String filterType, Set<String> tenantsIds, Set<String> tenantProfilesIds) {}
}
