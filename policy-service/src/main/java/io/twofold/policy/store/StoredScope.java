package io.twofold.policy.store;

import io.twofold.policy.domain.PolicyEvaluator;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import java.time.Instant;
import java.util.Optional;

/** The settings of one scope as read from the store, with their version. */
public record StoredScope(
    String scopeKey,
    long version,
    long publishedVersion,
    boolean pending,
    Optional<TwoFaSettings> system,
    Optional<TenantSettings> tenant,
    Instant updatedAt) {

  static StoredScope of(SettingsDocument document) {
    boolean isSystem = PolicyEvaluator.SYSTEM_SCOPE.equals(document.id());
    return new StoredScope(
        document.id(),
        document.version(),
        document.publishedVersion(),
        document.pending(),
        isSystem ? Optional.of(SettingsMapping.fromFields(document.settings())) : Optional.empty(),
        isSystem ? Optional.empty() : Optional.of(SettingsMapping.toTenant(document)),
        document.updatedAt());
  }

  public boolean isSystem() {
    return system.isPresent();
  }
}
