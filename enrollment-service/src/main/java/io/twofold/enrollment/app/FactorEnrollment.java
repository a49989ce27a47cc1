package io.twofold.enrollment.app;

import io.twofold.enrollment.code.ConfirmationCodes;
import io.twofold.enrollment.config.EnrollmentProperties;
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
import io.twofold.platform.outbox.Outbox;
import io.twofold.platform.outbox.Proof;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Creating and confirming factors: PENDING until the user proves it holds it, then ACTIVE. A user
 * holds at most {@code maxFactors} factors and creates at most {@code factorCreations} of them per
 * window; a pending factor nobody confirms expires after {@code pendingLifetime}.
 */
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
  private final StepUp stepUp;
  private final EnrollmentProperties properties;
  private final SecureRandom random;
  private final Clock clock;

  public FactorEnrollment(FactorStore factors, SecretStore secrets, PolicyAccess policy, Limits limits,
      PepperedHasher hasher, CodeRequestPublisher codes, FactorEventPublisher events, StepUp stepUp,
      EnrollmentProperties properties, SecureRandom random, Clock clock) {
    this.factors = factors;
    this.secrets = secrets;
    this.policy = policy;
    this.limits = limits;
    this.hasher = hasher;
    this.codes = codes;
    this.events = events;
    this.stepUp = stepUp;
    this.properties = properties;
    this.random = random;
    this.clock = clock;
  }

  /** A factor just confirmed, and the step-up grant its confirmation earned (it proved a factor). */
  public record Confirmed(Factor factor, StepUp.Grant grant) {}

  public NewTotp createTotp(EnrollingUser user, String label, String accountName) {
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, FactorType.TOTP.providerType());
    byte[] secret = TotpSecret.generate(random);
    // The QR code is made before anything is stored: an issuer or account name too long for one is
    // a clear refusal, not a pending factor whose secret nobody saw.
    String uri = OtpAuthUri.of(provider.issuerName(), accountName, secret);
    byte[] qr;
    try {
      qr = QrCodes.png(uri);
    } catch (IllegalArgumentException tooLong) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "totp-uri-too-long", "the authenticator URI (issuer "
          + "and account name) is too long for a QR code; an administrator must shorten the TOTP issuer name");
    }
    beforeCreate(user);
    Instant now = clock.instant();
    Instant pendingUntil = now.plus(properties.pendingLifetime());
    Factor factor = Factor.totp(UUID.randomUUID().toString(), user.userId(), user.tenantId(), label, now, pendingUntil);
    secrets.saveTotpSecret(factor.id(), user.userId(), secret, pendingUntil);
    var added = events.factorChanged(FactorChange.ADDED, factor, proof(factor.id()));
    factors.insert(factor, List.of(added.eventId()));
    events.release(added);
    return new NewTotp(factor, TotpSecret.base32(secret), uri, qr);
  }

  /** Creates an SMS or email factor and sends its confirmation code. */
  public Factor createWithCode(EnrollingUser user, FactorType type, String label, String destination) {
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, type.providerType());
    if (type == FactorType.SMS && !provider.allowsSmsTo(destination)) {
      throw ProblemException.invalidFields(List.of(ProblemException.fieldError("phoneNumber",
          "must be a number of " + String.join(", ", provider.smsAllowedCountries())
              + ": codes by SMS go to no other country under the 2FA settings that apply to this user")));
    }
    beforeCreate(user);
    limits.beforeSend(user.userId(), type.providerType(), view);
    Instant now = clock.instant();
    Instant pendingUntil = now.plus(properties.pendingLifetime());
    String id = UUID.randomUUID().toString();
    Factor factor = type == FactorType.SMS
        ? Factor.sms(id, user.userId(), user.tenantId(), label, destination, now, pendingUntil)
        : Factor.email(id, user.userId(), user.tenantId(), label, destination, now, pendingUntil);
    var added = events.factorChanged(FactorChange.ADDED, factor, proof(factor.id()));
    factors.insert(factor, List.of(added.eventId()));
    var code = sendCode(factor, provider, user.locale());
    events.release(added);
    codes.release(code);
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
    PolicyAccess.requireSmsCountry(provider, factor.destination());
    limits.beforeSend(user.userId(), factor.type().providerType(), view);
    codes.release(sendCode(factor, provider, user.locale()));
  }

  /**
   * @param challengeId the enforced sign-in (ENROLLMENT_REQUIRED) the user's login page is in, or
   *     null: challenge-service completes that challenge once this confirmation is announced
   */
  public Confirmed confirm(EnrollingUser user, String factorId, String code, String challengeId) {
    Factor factor = pending(user, factorId);
    PolicyView view = policy.of(user);
    policy.require(view, factor.type().providerType());
    limits.beforeCheck(user.userId(), factor.type().providerType(), view);
    boolean proven = factor.type() == FactorType.TOTP ? confirmTotp(factor, code) : confirmWithCode(factor, code);
    if (!proven) {
      throw new WrongCodeException("the code does not confirm this factor");
    }
    boolean first = factors.ofUser(user.userId()).stream().noneMatch(f -> f.isActive() && !f.id().equals(factorId));
    List<Outbox.Pending> changes = new java.util.ArrayList<>();
    changes.add(events.factorChanged(FactorChange.CONFIRMED, factor, proof(factorId), challengeId));
    if (first) {
      changes.add(events.factorChanged(FactorChange.DEFAULT_CHANGED, factor, proof(factorId)));
    }
    Outbox.Pending[] announced = changes.toArray(Outbox.Pending[]::new);
    if (!factors.activate(factorId, clock.instant(), first, changes.stream().map(Outbox.Pending::eventId).toList())) {
      events.discard(announced);
      throw new WrongCodeException("the factor was confirmed, removed or expired meanwhile");
    }
    events.release(announced);
    secrets.keep(factorId);
    Factor active = factors.find(user.userId(), factorId).orElseThrow();
    return new Confirmed(active, stepUp.grant(user.userId()));
  }

  /** The creation budget, and room for one more factor. */
  private void beforeCreate(EnrollingUser user) {
    Instant now = clock.instant();
    long held = factors.ofUser(user.userId()).stream().filter(f -> !f.isExpired(now)).count();
    if (held >= properties.maxFactors()) {
      throw new EnrollmentRefused("too-many-factors", "a user holds at most " + properties.maxFactors()
          + " factors; remove one first");
    }
    limits.beforeCreate(user.userId());
  }

  private boolean confirmTotp(Factor factor, String code) {
    byte[] secret = secrets.totpSecret(factor.id()).orElseThrow();
    var step = totp.matchingStep(secret, code, clock.instant());
    // The confirming code's step is recorded, so it cannot be replayed at sign-in.
    return step.isPresent() && secrets.acceptTotpStep(factor.id(), step.getAsLong());
  }

  private boolean confirmWithCode(Factor factor, String code) {
    return secrets.use(SecretStore.SentCode.CONFIRMATION, factor.id(), hash -> hasher.matches(code, hash),
        clock.instant());
  }

  /** Where the events of a factor's changes find their proof: the factor's document. */
  static Proof proof(String factorId) {
    return new Proof.Marked(FactorStore.COLLECTION, factorId);
  }

  /** Stores a new confirmation code; the request that sends it is released by the caller. */
  private Outbox.Pending sendCode(Factor factor, PolicyView.Provider provider, String locale) {
    String code = ConfirmationCodes.generate(random);
    int lifetime = provider.verificationCodeLifetime() == null ? 120 : provider.verificationCodeLifetime();
    Instant expiresAt = clock.instant().plusSeconds(lifetime);
    var request = codes.confirmationCode(factor, code, provider.smsVerificationMessageTemplate(), locale, expiresAt);
    secrets.setConfirmationCode(factor.id(), factor.userId(), hasher.hash(code), expiresAt, factor.pendingUntil(),
        request.eventId());
    return request;
  }

  private Factor pending(EnrollingUser user, String factorId) {
    Factor factor = factors.find(user.userId(), factorId).filter(found -> !found.isExpired(clock.instant()))
        .orElseThrow(() -> ProblemException.notFound("factor " + factorId));
    if (factor.isActive()) {
      throw new EnrollmentRefused("already-confirmed", "the factor is already confirmed");
    }
    return factor;
  }
}
