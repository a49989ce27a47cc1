package io.twofold.policy.domain;

import java.util.List;
import java.util.Optional;

/**
 * The settings of one scope (the system, or a tenant that does not use the system's): enabled
 * providers, verification limits and enforcement. Names and defaults follow DESIGN §4.
 *
 * @param verificationCodeCheckRateLimit {@code N:S}, or empty for no check rate limit
 * @param enforcedUsersFilter present when {@code enforceTwoFa} is true
 */
public record TwoFaSettings(
    List<ProviderSettings> providers,
    int minVerificationCodeSendPeriod,
    String verificationCodeCheckRateLimit,
    int maxVerificationFailuresBeforeUserLockout,
    int totalAllowedTimeForVerification,
    boolean enforceTwoFa,
    Optional<EnforcedUsersFilter> enforcedUsersFilter) {

  public static final int DEFAULT_SEND_PERIOD = 30;
  public static final String DEFAULT_CHECK_RATE_LIMIT = "3:900";
  public static final int DEFAULT_MAX_FAILURES = 30;
  public static final int DEFAULT_TOTAL_TIME = 3600;

  public TwoFaSettings {
    providers = List.copyOf(providers);
    verificationCodeCheckRateLimit = verificationCodeCheckRateLimit == null ? "" : verificationCodeCheckRateLimit;
    enforcedUsersFilter = enforcedUsersFilter == null ? Optional.empty() : enforcedUsersFilter;
  }

  /** Nothing enabled, default limits, no enforcement: a fresh installation. */
  public static TwoFaSettings defaults() {
    return new TwoFaSettings(List.of(), DEFAULT_SEND_PERIOD, DEFAULT_CHECK_RATE_LIMIT,
        DEFAULT_MAX_FAILURES, DEFAULT_TOTAL_TIME, false, Optional.empty());
  }

  /** Whether a provider a user can sign in with (not only backup codes) is enabled. */
  public boolean hasUsableProvider() {
    return providers.stream().anyMatch(p -> p.providerType() != ProviderType.BACKUP_CODE);
  }

  public boolean enables(ProviderType type) {
    return providers.stream().anyMatch(p -> p.providerType() == type);
  }

  public Optional<ProviderSettings> provider(ProviderType type) {
    return providers.stream().filter(p -> p.providerType() == type).findFirst();
  }
}
