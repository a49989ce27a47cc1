package io.twofold.policy.domain;

import io.twofold.platform.limit.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The brute-force limits' ceilings and floors (DESIGN §6): every limit has a documented maximum; at
 * least one of the check rate limit and lockout is on; a tenant's own settings can tighten the
 * system's limits, never loosen them. {@link #tightest} applies the same rule at evaluation, so a
 * tenant stays within the system's limits when the system tightens after the tenant's last change.
 */
public final class Limits {

  /**
   * Longest life of an SMS or email code: NIST SP 800-63B §5.1.3.2 gives an out-of-band secret at
   * most 10 minutes.
   */
  public static final int MAX_CODE_LIFETIME = 600;
  /** Longest life of a challenge: a sign-in is an interactive act; four hours covers finding a phone. */
  public static final int MAX_TOTAL_TIME = 14_400;
  /** At most this many code checks per window ({@code N} of {@code N:S}). */
  public static final int MAX_CHECKS = 10;
  /** Longest check window ({@code S} of {@code N:S}): a day. */
  public static final int MAX_CHECK_WINDOW = 86_400;
  /**
   * Most failures before lockout: NIST SP 800-63B §5.2.2 limits consecutive failed attempts on one
   * account to no more than 100.
   */
  public static final int MAX_FAILURES = 100;
  /**
   * Longest TOTP issuer, in characters. The issuer appears twice in the otpauth URI, percent-encoded
   * (up to 12 characters for one emoji), and the URI must still fit a QR code with the account name.
   */
  public static final int MAX_ISSUER_LENGTH = 64;
  /** Longest send period: an hour between two codes. */
  public static final int MAX_SEND_PERIOD = 3_600;

  private Limits() {}

  /** Ceilings, and at least one brute-force limit on: for the system's settings and a tenant's own alike. */
  static void checkBounds(TwoFaSettings settings, List<FieldProblem> problems) {
    if (settings.minVerificationCodeSendPeriod() > MAX_SEND_PERIOD) {
      problems.add(new FieldProblem("minVerificationCodeSendPeriod", "must be at most " + MAX_SEND_PERIOD + " seconds"));
    }
    checkRateLimit(settings).ifPresent(limit -> {
      if (limit.permits() > MAX_CHECKS || limit.window().toSeconds() > MAX_CHECK_WINDOW) {
        problems.add(new FieldProblem("verificationCodeCheckRateLimit",
            "N must be at most " + MAX_CHECKS + " and S at most " + MAX_CHECK_WINDOW + " seconds"));
      }
    });
    if (settings.maxVerificationFailuresBeforeUserLockout() > MAX_FAILURES) {
      problems.add(new FieldProblem("maxVerificationFailuresBeforeUserLockout", "must be at most " + MAX_FAILURES));
    }
    if (settings.totalAllowedTimeForVerification() > MAX_TOTAL_TIME) {
      problems.add(new FieldProblem("totalAllowedTimeForVerification", "must be at most " + MAX_TOTAL_TIME + " seconds"));
    }
    boolean noRateLimit = checkRateLimit(settings).isEmpty();
    if (noRateLimit && settings.maxVerificationFailuresBeforeUserLockout() == 0) {
      String why = "the check rate limit and lockout cannot both be off: one of them stops code guessing";
      problems.add(new FieldProblem("verificationCodeCheckRateLimit", why));
      problems.add(new FieldProblem("maxVerificationFailuresBeforeUserLockout", why));
    }
  }

  /** A tenant's own settings must be at least as strict as the system's, limit by limit. */
  static void checkFloors(TwoFaSettings own, TwoFaSettings system, List<FieldProblem> problems) {
    if (own.minVerificationCodeSendPeriod() < system.minVerificationCodeSendPeriod()) {
      problems.add(new FieldProblem("minVerificationCodeSendPeriod",
          "must be at least the system's " + system.minVerificationCodeSendPeriod() + " seconds"));
    }
    Optional<RateLimit> systemChecks = checkRateLimit(system);
    Optional<RateLimit> ownChecks = checkRateLimit(own);
    if (systemChecks.isPresent() && (ownChecks.isEmpty() || !atLeastAsStrict(ownChecks.get(), systemChecks.get()))) {
      problems.add(new FieldProblem("verificationCodeCheckRateLimit", "must be at least as strict as the system's "
          + systemChecks.get() + ": at most " + systemChecks.get().permits() + " checks, in at least "
          + systemChecks.get().window().toSeconds() + " seconds"));
    }
    int systemFailures = system.maxVerificationFailuresBeforeUserLockout();
    int ownFailures = own.maxVerificationFailuresBeforeUserLockout();
    if (systemFailures > 0 && (ownFailures == 0 || ownFailures > systemFailures)) {
      problems.add(new FieldProblem("maxVerificationFailuresBeforeUserLockout",
          "must be between 1 and the system's " + systemFailures));
    }
    if (own.totalAllowedTimeForVerification() > system.totalAllowedTimeForVerification()) {
      problems.add(new FieldProblem("totalAllowedTimeForVerification",
          "must be at most the system's " + system.totalAllowedTimeForVerification() + " seconds"));
    }
    for (int i = 0; i < own.providers().size(); i++) {
      ProviderSettings provider = own.providers().get(i);
      Optional<Integer> ownLifetime = lifetime(provider);
      Optional<Integer> systemLifetime = system.provider(provider.providerType()).flatMap(Limits::lifetime);
      if (ownLifetime.isPresent() && systemLifetime.isPresent() && ownLifetime.get() > systemLifetime.get()) {
        problems.add(new FieldProblem("providers[" + i + "].verificationCodeLifetime",
            "must be at most the system's " + systemLifetime.get() + " seconds"));
      }
      List<String> systemCountries = systemCountries(system);
      if (provider instanceof ProviderSettings.Sms sms && systemCountries != null) {
        List<String> beyond = sms.smsAllowedCountries() == null ? List.of("every country")
            : sms.smsAllowedCountries().stream().filter(country -> !systemCountries.contains(country)).toList();
        if (!beyond.isEmpty()) {
          problems.add(new FieldProblem("providers[" + i + "].smsAllowedCountries",
              "must be among the system's " + String.join(", ", systemCountries) + " (not " + String.join(", ", beyond)
                  + ")"));
        }
      }
    }
  }

  /** A tenant's own settings held to the system's limits: the stricter value of each. */
  static TwoFaSettings tightest(TwoFaSettings own, TwoFaSettings system) {
    List<ProviderSettings> providers = new ArrayList<>();
    for (ProviderSettings provider : own.providers()) {
      Optional<Integer> ceiling = system.provider(provider.providerType()).flatMap(Limits::lifetime);
      ProviderSettings held = ceiling.map(max -> withLifetimeAtMost(provider, max)).orElse(provider);
      providers.add(withinSystemCountries(held, system));
    }
    int systemFailures = system.maxVerificationFailuresBeforeUserLockout();
    int ownFailures = own.maxVerificationFailuresBeforeUserLockout();
    int failures = systemFailures == 0 ? ownFailures : ownFailures == 0 ? systemFailures : Math.min(ownFailures, systemFailures);
    return new TwoFaSettings(providers,
        Math.max(own.minVerificationCodeSendPeriod(), system.minVerificationCodeSendPeriod()),
        stricter(checkRateLimit(own), checkRateLimit(system)).map(RateLimit::toString).orElse(""),
        failures,
        Math.min(own.totalAllowedTimeForVerification(), system.totalAllowedTimeForVerification()),
        own.enforceTwoFa(), own.enforcedUsersFilter());
  }

  private static Optional<RateLimit> stricter(Optional<RateLimit> a, Optional<RateLimit> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.or(() -> b);
    }
    return Optional.of(new RateLimit(Math.min(a.get().permits(), b.get().permits()),
        a.get().window().compareTo(b.get().window()) >= 0 ? a.get().window() : b.get().window()));
  }

  /** Fewer (or as many) checks in a longer (or as long) window. */
  private static boolean atLeastAsStrict(RateLimit own, RateLimit system) {
    return own.permits() <= system.permits() && own.window().compareTo(system.window()) >= 0;
  }

  private static Optional<RateLimit> checkRateLimit(TwoFaSettings settings) {
    try {
      return RateLimit.parse(settings.verificationCodeCheckRateLimit());
    } catch (IllegalArgumentException malformed) {
      return Optional.empty(); // reported by the format check
    }
  }

  private static Optional<Integer> lifetime(ProviderSettings provider) {
    if (provider instanceof ProviderSettings.Sms sms) {
      return Optional.of(sms.verificationCodeLifetime());
    }
    if (provider instanceof ProviderSettings.Email email) {
      return Optional.of(email.verificationCodeLifetime());
    }
    return Optional.empty();
  }

  /** The countries a tenant allows, held to those the system allows (null: no list, every country). */
  private static ProviderSettings withinSystemCountries(ProviderSettings provider, TwoFaSettings system) {
    List<String> allowed = systemCountries(system);
    if (!(provider instanceof ProviderSettings.Sms sms) || allowed == null) {
      return provider;
    }
    List<String> own = sms.smsAllowedCountries();
    return new ProviderSettings.Sms(sms.verificationCodeLifetime(), sms.smsVerificationMessageTemplate(),
        own == null ? allowed : own.stream().filter(allowed::contains).toList());
  }

  private static List<String> systemCountries(TwoFaSettings system) {
    return system.provider(ProviderType.SMS).map(p -> ((ProviderSettings.Sms) p).smsAllowedCountries()).orElse(null);
  }

  private static ProviderSettings withLifetimeAtMost(ProviderSettings provider, int max) {
    if (provider instanceof ProviderSettings.Sms sms && sms.verificationCodeLifetime() > max) {
      return new ProviderSettings.Sms(max, sms.smsVerificationMessageTemplate(), sms.smsAllowedCountries());
    }
    if (provider instanceof ProviderSettings.Email email && email.verificationCodeLifetime() > max) {
      return new ProviderSettings.Email(max);
    }
    return provider;
  }
}
