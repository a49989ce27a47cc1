package io.twofold.enrollment.app;

import io.twofold.enrollment.code.ConfirmationCodes;
import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.enrollment.kafka.CodeRequestPublisher;
import io.twofold.enrollment.kafka.FactorEventPublisher;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.enrollment.totp.OtpAuthUri;
import io.twofold.enrollment.totp.QrCodes;
import io.twofold.enrollment.totp.TotpSecret;
import io.twofold.enrollment.totp.TotpVerifier;
import io.twofold.platform.crypto.PepperedHasher;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.client.PolicyView;
import io.twofold.schemas.enrollment.FactorChange;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Creating and confirming factors: PENDING until the user proves it holds it, then ACTIVE. */
@Service
public class FactorEnrollment {

  private final FactorStore factors;
  private final SecretStore secrets;
  private final PolicyAccess policy;
  private final Limits limits;
  private final PepperedHasher hasher;
  private final CodeRequestPublisher codes;
  private final FactorEventPublisher events;
  private final TotpVerifier totp = new TotpVerifier();
  private final SecureRandom random;
  private final Clock clock;

  public FactorEnrollment(FactorStore factors, SecretStore secrets, PolicyAccess policy, Limits limits,
      PepperedHasher hasher, CodeRequestPublisher codes, FactorEventPublisher events, SecureRandom random, Clock clock) {
    this.factors = factors;
    this.secrets = secrets;
    this.policy = policy;
    this.limits = limits;
    this.hasher = hasher;
    this.codes = codes;
    this.events = events;
    this.random = random;
    this.clock = clock;
  }

  public NewTotp createTotp(EnrollingUser user, String label, String accountName) {
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, FactorType.TOTP.providerType());
    Factor factor = Factor.totp(UUID.randomUUID().toString(), user.userId(), user.tenantId(), label, clock.instant());
    byte[] secret = TotpSecret.generate(random);
    secrets.saveTotpSecret(factor.id(), user.userId(), secret);
    factors.insert(factor);
    events.factorChanged(FactorChange.ADDED, factor);
    String uri = OtpAuthUri.of(provider.issuerName(), accountName, secret);
    return new NewTotp(factor, TotpSecret.base32(secret), uri, QrCodes.png(uri));
  }

  /** Creates an SMS or email factor and sends its confirmation code. */
  public Factor createWithCode(EnrollingUser user, FactorType type, String label, String destination) {
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, type.providerType());
    limits.beforeSend(user.userId(), type.providerType(), view);
    Instant now = clock.instant();
    String id = UUID.randomUUID().toString();
    Factor factor = type == FactorType.SMS
        ? Factor.sms(id, user.userId(), user.tenantId(), label, destination, now)
        : Factor.email(id, user.userId(), user.tenantId(), label, destination, now);
    factors.insert(factor);
    sendCode(factor, provider, user.locale());
    events.factorChanged(FactorChange.ADDED, factor);
    return factor;
  }

  /** A new confirmation code for a pending SMS or email factor (the previous one stops working). */
  public void resendCode(EnrollingUser user, String factorId) {
    Factor factor = pending(user, factorId);
    if (factor.type() == FactorType.TOTP) {
      throw new EnrollmentRefused("no-code-to-send", "TOTP factors are confirmed with a code from the app");
    }
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, factor.type().providerType());
    limits.beforeSend(user.userId(), factor.type().providerType(), view);
    sendCode(factor, provider, user.locale());
  }

  public Factor confirm(EnrollingUser user, String factorId, String code) {
    Factor factor = pending(user, factorId);
    PolicyView view = policy.of(user);
    policy.require(view, factor.type().providerType());
    limits.beforeCheck(user.userId(), factor.type().providerType(), view);
    boolean confirmed = factor.type() == FactorType.TOTP ? confirmTotp(factor, code) : confirmWithCode(factor, code);
    if (!confirmed) {
      throw new WrongCodeException("the code does not confirm this factor");
    }
    boolean first = factors.ofUser(user.userId()).stream().noneMatch(f -> f.isActive() && !f.id().equals(factorId));
    if (!factors.activate(factorId, clock.instant(), first)) {
      throw new WrongCodeException("the factor was confirmed or removed meanwhile");
    }
    Factor active = factors.find(user.userId(), factorId).orElseThrow();
    events.factorChanged(FactorChange.CONFIRMED, active);
    if (first) {
      events.factorChanged(FactorChange.DEFAULT_CHANGED, active);
    }
    return active;
  }

  private boolean confirmTotp(Factor factor, String code) {
    byte[] secret = secrets.totpSecret(factor.id()).orElseThrow();
    var step = totp.matchingStep(secret, code, clock.instant());
    // The confirming code's step is recorded, so it cannot be replayed at sign-in.
    return step.isPresent() && secrets.acceptTotpStep(factor.id(), step.getAsLong());
  }

  private boolean confirmWithCode(Factor factor, String code) {
    var pending = secrets.confirmationCode(factor.id());
    if (pending.isEmpty() || !pending.get().expiresAt().isAfter(clock.instant())) {
      return false;
    }
    return hasher.matches(code, pending.get().hash())
        && secrets.consumeConfirmationCode(factor.id(), pending.get().hash());
  }

  private void sendCode(Factor factor, PolicyView.Provider provider, String locale) {
    String code = ConfirmationCodes.generate(random);
    int lifetime = provider.verificationCodeLifetime() == null ? 120 : provider.verificationCodeLifetime();
    Instant expiresAt = clock.instant().plusSeconds(lifetime);
    secrets.setConfirmationCode(factor.id(), factor.userId(), hasher.hash(code), expiresAt);
    codes.confirmationCode(factor, code, provider.smsVerificationMessageTemplate(), locale, expiresAt);
  }

  private Factor pending(EnrollingUser user, String factorId) {
    Factor factor = factors.find(user.userId(), factorId)
        .orElseThrow(() -> ProblemException.notFound("factor " + factorId));
    if (factor.isActive()) {
      throw new EnrollmentRefused("already-confirmed", "the factor is already confirmed");
    }
    return factor;
  }
}
