package io.twofold.enrollment.app;

import io.twofold.enrollment.backup.BackupCodes;
import io.twofold.enrollment.code.ConfirmationCodes;
import io.twofold.enrollment.config.EnrollmentProperties;
import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.enrollment.kafka.CodeRequestPublisher;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.enrollment.store.StepUpGrantStore;
import io.twofold.platform.crypto.PepperedHasher;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.client.PolicyView;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Step-up (issue 13): before an enrolled user's factors change, the user proves a second factor
 * again — a current authenticator code, a backup code, or a code sent to one of its phones or email
 * addresses — and gets a grant: a random token, valid for a few minutes, sent back in the {@value
 * #HEADER} header. A stolen session alone then cannot add an authenticator, remove factors or read
 * new backup codes. Checks count against the same budget as every code check, before comparing.
 */
@Service
public class StepUp {

  public static final String HEADER = "Twofold-Step-Up";
  /** The check-limit key of step-up proofs, whichever factor proves. */
  static final String CHECKS = "STEP_UP";

  private final FactorStore factors;
  private final SecretStore secrets;
  private final StepUpGrantStore grants;
  private final PolicyAccess policy;
  private final Limits limits;
  private final PepperedHasher hasher;
  private final CodeRequestPublisher codes;
  private final FactorVerification totp;
  private final BackupCodeService backupCodes;
  private final SecureRandom random;
  private final Clock clock;
  private final Duration lifetime;

  public StepUp(FactorStore factors, SecretStore secrets, StepUpGrantStore grants, PolicyAccess policy, Limits limits,
      PepperedHasher hasher, CodeRequestPublisher codes, FactorVerification totp, BackupCodeService backupCodes,
      SecureRandom random, Clock clock, EnrollmentProperties properties) {
    this.factors = factors;
    this.secrets = secrets;
    this.grants = grants;
    this.policy = policy;
    this.limits = limits;
    this.hasher = hasher;
    this.codes = codes;
    this.totp = totp;
    this.backupCodes = backupCodes;
    this.random = random;
    this.clock = clock;
    this.lifetime = properties.stepUpLifetime();
  }

  /** A grant to change factors for a while, and when it ends. The token exists only in this value. */
  public record Grant(String token, Instant expiresAt) {}

  /** Sends a step-up code to one of the user's active SMS or email factors (obeys a send period). */
  public void sendCode(EnrollingUser user, String factorId) {
    Factor factor = active(user, factorId);
    if (factor.type() == FactorType.TOTP) {
      throw new EnrollmentRefused("no-code-to-send", "an authenticator app shows its own code");
    }
    PolicyView view = policy.of(user);
    limits.beforeStepUpSend(user.userId(), factor.type().providerType(), view);
    var provider = view.provider(factor.type().providerType());
    provider.ifPresent(enabled -> PolicyAccess.requireSmsCountry(enabled, factor.destination()));
    int seconds = provider.map(PolicyView.Provider::verificationCodeLifetime).filter(s -> s != null).orElse(120);
    Instant expiresAt = clock.instant().plusSeconds(seconds);
    String code = ConfirmationCodes.generate(random);
    var request = codes.stepUpCode(factor, code,
        provider.map(PolicyView.Provider::smsVerificationMessageTemplate).orElse(null), user.locale(), expiresAt);
    secrets.setStepUpCode(factor.id(), user.userId(), hasher.hash(code), expiresAt, request.eventId());
    codes.release(request);
  }

  /**
   * Proves a second factor and grants step-up.
   *
   * @param factorId the factor the code is for: needed for a code sent by SMS or email; without it,
   *     a six-digit code is checked against the user's authenticator apps and anything else as a
   *     backup code (which it uses up)
   */
  public Grant prove(EnrollingUser user, String factorId, String code) {
    if (!factors.hasActive(user.userId())) {
      throw new EnrollmentRefused("not-enrolled", "a user without an active factor changes its factors without step-up");
    }
    Factor factor = factorId == null ? null : active(user, factorId);
    limits.beforeCheck(user.userId(), CHECKS, policy.of(user));
    boolean proven;
    if (factor == null) {
      proven = ConfirmationCodes.wellFormed(code)
          ? totp.verifyTotp(user.userId(), code).isPresent()
          : BackupCodes.wellFormed(code) && backupCodes.use(user.userId(), code).isPresent();
    } else if (factor.type() == FactorType.TOTP) {
      proven = totp.verifyTotp(factor, code);
    } else {
      proven = sentCodeMatches(factor, code);
    }
    if (!proven) {
      throw new WrongCodeException("the code does not prove a second factor of this user");
    }
    return grant(user.userId());
  }

  /** A grant for a user who has just proven a factor another way (e.g. by confirming a new one). */
  public Grant grant(String userId) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plus(lifetime);
    grants.save(token, userId, expiresAt);
    return new Grant(token, expiresAt);
  }

  /** Refuses (403 {@code step-up-required}) unless the token is a live grant of this user. */
  public void require(String userId, String token) {
    if (token == null || token.isBlank() || !grants.holds(token.trim(), userId, clock.instant())) {
      throw new ProblemException(HttpStatus.FORBIDDEN, "step-up-required", "this change needs a recent second"
          + " factor: POST /api/v1/me/step-up with a current code, then send its stepUpToken in the " + HEADER
          + " header");
    }
  }

  private boolean sentCodeMatches(Factor factor, String code) {
    return secrets.use(SecretStore.SentCode.STEP_UP, factor.id(), hash -> hasher.matches(code, hash), clock.instant());
  }

  private Factor active(EnrollingUser user, String factorId) {
    return factors.find(user.userId(), factorId).filter(Factor::isActive)
        .orElseThrow(() -> ProblemException.notFound("active factor " + factorId));
  }
}
