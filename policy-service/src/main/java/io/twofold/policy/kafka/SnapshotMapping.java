package io.twofold.policy.kafka;

import io.twofold.policy.domain.EnforcedUsersFilter;
import io.twofold.policy.domain.ProviderSettings;
import io.twofold.policy.domain.TwoFaSettings;
import io.twofold.policy.store.StoredScope;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.policy.EnforcedUsersFilterType;
import io.twofold.schemas.policy.PolicySnapshot;
import io.twofold.schemas.policy.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Domain settings to the {@code PolicySnapshot} event. */
final class SnapshotMapping {

  private SnapshotMapping() {}

  static PolicySnapshot toSnapshot(StoredScope scope, EventMetadata metadata) {
    PolicySnapshot.Builder snapshot = PolicySnapshot.newBuilder()
        .setMetadata(metadata)
        .setScopeKey(scope.scopeKey())
        .setVersion(scope.version());
    if (scope.isSystem()) {
      return snapshot.setUseSystemSettings(false).setSettings(toAvro(scope.system().get())).build();
    }
    var tenant = scope.tenant().orElseThrow();
    // A tenant that inherits the system settings may still enforce 2FA for its own users: the
    // snapshot then carries no providers, only the enforcement.
    Optional<TwoFaSettings> settings = tenant.own()
        .map(own -> withEnforcement(own, tenant.enforcement()))
        .or(() -> tenant.enforcement().map(filter -> withEnforcement(TwoFaSettings.defaults(), Optional.of(filter))));
    return snapshot
        .setUseSystemSettings(tenant.useSystemSettings())
        .setSettings(settings.map(SnapshotMapping::toAvro).orElse(null))
        .build();
  }

  private static TwoFaSettings withEnforcement(TwoFaSettings own, Optional<EnforcedUsersFilter> enforcement) {
    return new TwoFaSettings(own.providers(), own.minVerificationCodeSendPeriod(),
        own.verificationCodeCheckRateLimit(), own.maxVerificationFailuresBeforeUserLockout(),
        own.totalAllowedTimeForVerification(), enforcement.isPresent(), enforcement);
  }

  static io.twofold.schemas.policy.TwoFaSettings toAvro(TwoFaSettings settings) {
    List<ProviderConfig> providers = new ArrayList<>();
    for (ProviderSettings provider : settings.providers()) {
      ProviderConfig.Builder config = ProviderConfig.newBuilder()
          .setProviderType(ProviderType.valueOf(provider.providerType().name()));
      if (provider instanceof ProviderSettings.Totp totp) {
        config.setIssuerName(totp.issuerName());
      } else if (provider instanceof ProviderSettings.Sms sms) {
        config.setVerificationCodeLifetime(sms.verificationCodeLifetime())
            .setSmsVerificationMessageTemplate(sms.smsVerificationMessageTemplate())
            .setSmsAllowedCountries(sms.smsAllowedCountries() == null ? null : List.copyOf(sms.smsAllowedCountries()));
      } else if (provider instanceof ProviderSettings.Email email) {
        config.setVerificationCodeLifetime(email.verificationCodeLifetime());
      } else if (provider instanceof ProviderSettings.BackupCode backup) {
        config.setCodesQuantity(backup.codesQuantity());
      }
      providers.add(config.build());
    }
    return io.twofold.schemas.policy.TwoFaSettings.newBuilder()
        .setProviders(providers)
        .setMinVerificationCodeSendPeriod(settings.minVerificationCodeSendPeriod())
        .setVerificationCodeCheckRateLimit(
            settings.verificationCodeCheckRateLimit().isEmpty() ? null : settings.verificationCodeCheckRateLimit())
        .setMaxVerificationFailuresBeforeUserLockout(settings.maxVerificationFailuresBeforeUserLockout())
        .setTotalAllowedTimeForVerification(settings.totalAllowedTimeForVerification())
        .setEnforceTwoFa(settings.enforceTwoFa())
        .setEnforcedUsersFilter(settings.enforcedUsersFilter().map(filter ->
            io.twofold.schemas.policy.EnforcedUsersFilter.newBuilder()
                .setFilterType(EnforcedUsersFilterType.valueOf(filter.filterType().name()))
                .setTenantsIds(List.copyOf(filter.tenantsIds()))
                .setTenantProfilesIds(List.copyOf(filter.tenantProfilesIds()))
                .build()).orElse(null))
        .build();
  }
}
