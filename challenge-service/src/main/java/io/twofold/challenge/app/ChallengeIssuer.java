package io.twofold.challenge.app;

import io.twofold.challenge.domain.ChallengeState;
import io.twofold.challenge.domain.Limits;
import io.twofold.challenge.domain.ProviderOption;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.policy.client.PolicyClient;
import io.twofold.policy.client.PolicyQuery;
import io.twofold.policy.client.PolicyUnavailableException;
import io.twofold.policy.client.PolicyView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Turns a sign-in request into a challenge (DESIGN §5): NOT_REQUIRED, ENROLLMENT_REQUIRED or ISSUED
 * from policy and the user's factors, REJECTED when either cannot be read (never fails open).
 * Idempotent on the caller's challenge id: a repeated request returns the existing challenge and
 * sends nothing. A challenge id is bound to its user, tenant, authority and login client: a request
 * that reuses it for anything else is a {@link ChallengeIdConflict}, never the first request's
 * outcome (a login service that derived ids from sessions would otherwise hand one user's
 * NOT_REQUIRED to another).
 */
@Service
public class ChallengeIssuer {

  private final ChallengeStore challenges;
  private final PolicyClient policy;
  private final EnrollmentClient enrollment;
  private final CodeSender codes;
  private final ChallengePublisher events;
  private final io.twofold.challenge.store.LockoutStore lockouts;
  private final Clock clock;

  public ChallengeIssuer(ChallengeStore challenges, PolicyClient policy, EnrollmentClient enrollment, CodeSender codes,
      ChallengePublisher events, io.twofold.challenge.store.LockoutStore lockouts, Clock clock) {
    this.challenges = challenges;
    this.policy = policy;
    this.enrollment = enrollment;
    this.codes = codes;
    this.events = events;
    this.lockouts = lockouts;
    this.clock = clock;
  }

  /** An HTTP request: someone waits for the answer, so a peer that is away is answered at once (REJECTED). */
  public ChallengeDocument start(StartChallenge request) {
    return start(request, null);
  }

  /**
   * @param retryUntil until when policy or enrollment being away is thrown, for the caller to retry
   *     (a Kafka request), rather than answered REJECTED; null to answer at once
   */
  public ChallengeDocument start(StartChallenge request, Instant retryUntil) {
    // A repeated request is recognised by the insert (the challenge id is the document id), not by
    // a read first: one database round trip less for every first request, nearly all of them.
    Instant now = clock.instant();
    PolicyView view;
    EnrollmentClient.Factors factors;
    try {
      view = policy.evaluate(request.userId(),
          new PolicyQuery(request.authority(), request.tenantId(), request.tenantProfileId()));
      factors = enrollment.activeFactors(request.userId(), view.enables("BACKUP_CODE"));
    } catch (PolicyUnavailableException | EnrollmentClient.EnrollmentUnavailable unavailable) {
      if (retryUntil != null && now.isBefore(retryUntil)) {
        throw unavailable;
      }
      String reason = ((io.twofold.platform.kafka.Failures.Named) unavailable).unavailable() + "-unavailable";
      return create(request, ChallengeState.REJECTED, reason, List.of(), null, null, now);
    }
    Limits limits = limits(view);
    List<ProviderOption> usable = usable(view, factors);
    if (usable.isEmpty()) {
      if (!view.enforced()) {
        return create(request, ChallengeState.NOT_REQUIRED, null, List.of(), null, limits, now);
      }
      List<ProviderOption> enrollable = view.providers().stream()
          .filter(p -> !"BACKUP_CODE".equals(p.providerType()))
          .map(p -> new ProviderOption(p.providerType(), null, null, null, null)).toList();
      // Open until the user confirms a factor in this sign-in, within the time a sign-in may take.
      return insert(challenge(request, ChallengeState.ENROLLMENT_REQUIRED, "enforced", enrollable, null, limits, now,
          now.plusSeconds(view.totalAllowedTimeForVerification()))).orElseGet(() -> existing(request));
    }
    if (lockouts.lockedSince(request.userId()).isPresent()) {
      return create(request, ChallengeState.LOCKED_OUT, "locked-out", usable, null, limits, now);
    }
    ProviderOption chosen = choose(request.requestedProvider(), usable);
    Optional<ChallengeDocument> created = insert(challenge(request, ChallengeState.ISSUED, null, usable, chosen, limits,
        now, now.plusSeconds(view.totalAllowedTimeForVerification())));
    if (created.isEmpty()) {
      // A repeated request sends nothing, whenever it comes, unless the first one stopped (a crash,
      // the database away) between storing the challenge and storing its code: it completes that.
      ChallengeDocument found = existing(request);
      return found.awaitsFirstCode(now) ? completeFirstCode(found, retryUntil, now) : found;
    }
    return sendFirstCode(created.get(), chosen, factors);
  }

  /**
   * The first code of a challenge whose creating request stopped before it. Inside the send period
   * (the stopped attempt may have taken the permit without sending), a Kafka request is retried
   * until the period is over or its deadline passes; an HTTP request is answered at once, as any
   * issued challenge without a code, and its login service asks for the code later.
   */
  private ChallengeDocument completeFirstCode(ChallengeDocument found, Instant retryUntil, Instant now) {
    try {
      return codes.send(found, found.currentProvider(), found.currentFactorId());
    } catch (CodeSender.SendTooSoon sendPeriod) {
      if (retryUntil != null && now.isBefore(retryUntil)) {
        throw new FirstCodeWaits(found.challengeId());
      }
      return found;
    }
  }

  /** A challenge's first code waits for the send period; its request is retried (not poison). */
  public static class FirstCodeWaits extends RuntimeException implements io.twofold.platform.kafka.TransientFailure {
    FirstCodeWaits(String challengeId) {
      super("the first code of challenge " + challengeId + " waits for the send period");
    }
  }

  private ChallengeDocument sendFirstCode(ChallengeDocument issued, ProviderOption chosen,
      EnrollmentClient.Factors factors) {
    if (chosen.sendsCode()) {
      try {
        return codes.send(issued, chosen, factors);
      } catch (CodeSender.SendTooSoon sendPeriod) {
        // A code went out moments ago (repeated sign-ins must not bomb a phone): the challenge is
        // issued without one, and says when the login service may ask for it.
        return challenges.noteNextCode(issued.challengeId(), clock.instant().plus(sendPeriod.retryAfter()))
            .orElse(issued);
      }
    }
    return issued;
  }

  /**
   * The user confirmed a factor with this sign-in's challenge named (enrollment's {@code FactorEvent
   * CONFIRMED}): an enforced sign-in waiting in ENROLLMENT_REQUIRED is VERIFIED with that factor,
   * if it is the same user's and tenant's and still within its time. Anything else changes nothing,
   * so a factor confirmed in one sign-in never completes another.
   */
  public void completeEnrollment(String challengeId, String userId, String tenantId, String factorType) {
    Instant now = clock.instant();
    Optional<ChallengeDocument> waiting = challenges.find(challengeId).filter(c -> c.userId().equals(userId)
        && java.util.Objects.equals(c.tenantId(), tenantId) && c.state() == ChallengeState.ENROLLMENT_REQUIRED
        && c.expiresAt() != null && now.isBefore(c.expiresAt()));
    if (waiting.isEmpty()) {
      return;
    }
    var verified = events.state(waiting.get(), io.twofold.schemas.challenge.ChallengeState.VERIFIED, "enrolled",
        factorType, null);
    if (challenges.completeEnrollment(challengeId, factorType, now, List.of(verified.eventId())).isPresent()) {
      events.release(verified);
    } else {
      events.discard(verified);
    }
  }

  /** A challenge that ends at once (no code to answer), or the one a repeated request created. */
  private ChallengeDocument create(StartChallenge request, ChallengeState state, String reason,
      List<ProviderOption> providers, ProviderOption chosen, Limits limits, Instant now) {
    return insert(challenge(request, state, reason, providers, chosen, limits, now, now))
        .orElseGet(() -> existing(request));
  }

  private static ChallengeDocument challenge(StartChallenge request, ChallengeState state, String reason,
      List<ProviderOption> providers, ProviderOption chosen, Limits limits, Instant now, Instant expiresAt) {
    String type = chosen == null ? null : chosen.type();
    return new ChallengeDocument(request.challengeId(), request.clientId(), request.userId(), request.tenantId(),
        request.tenantProfileId(), request.customerId(), request.authority(), request.userEmail(), request.locale(),
        request.clientIp(), state, reason, providers, type, type, chosen == null ? null : chosen.factorId(), limits,
        null, null, null, null, null, null, null,
        null, null, expiresAt, now, state.isFinal() ? now : null, List.of());
  }

  /** Stores a new challenge and announces it; empty if its id exists (a repeated request). */
  private Optional<ChallengeDocument> insert(ChallengeDocument challenge) {
    var announced = events.state(challenge, io.twofold.schemas.challenge.ChallengeState.valueOf(challenge.state().name()),
        challenge.reason(), challenge.currentProvider(), null);
    ChallengeDocument marked = challenge.marked(List.of(announced.eventId()));
    if (!challenges.insert(marked)) {
      events.discard(announced);
      return Optional.empty();
    }
    events.release(announced);
    return Optional.of(marked);
  }

  private ChallengeDocument existing(StartChallenge request) {
    ChallengeDocument found = challenges.find(request.challengeId()).orElseThrow();
    if (!found.sameRequest(request.clientId(), request.userId(), request.tenantId(), request.authority())) {
      throw new ChallengeIdConflict(request.challengeId());
    }
    return found;
  }

  /**
   * Tells a Kafka login service that its request reused another request's challenge id: a REJECTED
   * event for its own user, with reason {@code challenge-id-conflict}. The stored challenge is not
   * touched, and nothing of it is in the event.
   */
  public void reportConflict(StartChallenge request) {
    Instant now = clock.instant();
    events.stateWithoutChange(
        challenge(request, ChallengeState.REJECTED, ChallengeIdConflict.REASON, List.of(), null, null, now, now),
        io.twofold.schemas.challenge.ChallengeState.REJECTED, ChallengeIdConflict.REASON);
  }

  /**
   * Tells a Kafka login service its request could not be taken up before its deadline because
   * something Twofold needs (the database, say) stayed away: a REJECTED event with reason
   * {@code <what>-unavailable}, nothing stored (the store may be what is away).
   */
  public void reportUnavailable(StartChallenge request, String what) {
    try {
      if (challenges.find(request.challengeId()).isPresent()) {
        return; // it was stored: its own events went out through the outbox
      }
    } catch (RuntimeException storeAway) {
      // the store may be what stayed away: nothing is known to be stored
    }
    Instant now = clock.instant();
    String reason = what + "-unavailable";
    events.stateDirectly(challenge(request, ChallengeState.REJECTED, reason, List.of(), null, null, now, now),
        io.twofold.schemas.challenge.ChallengeState.REJECTED, reason);
  }

  /** The challenge id belongs to another request (user, tenant, authority or login client). */
  public static class ChallengeIdConflict extends RuntimeException {
    public static final String REASON = "challenge-id-conflict";

    ChallengeIdConflict(String challengeId) {
      super("challenge id " + challengeId + " belongs to another request; challenge ids must be random and new");
    }
  }

  /**
   * Every active factor whose provider is enabled is a way to answer, the user's default factor
   * first; backup codes only beside another factor. An SMS factor whose number is of a country the
   * SMS provider's allow-list does not name is not.
   */
  private static List<ProviderOption> usable(PolicyView view, EnrollmentClient.Factors factors) {
    List<ProviderOption> options = new ArrayList<>();
    factors.factors().stream().filter(factor -> view.provider(factor.type())
            // an SMS factor of a country the settings do not list gets no code (issue 18, pumping)
            .filter(provider -> !"SMS".equals(factor.type()) || provider.allowsSmsTo(factor.destination()))
            .isPresent())
        .sorted(java.util.Comparator.comparing(factor -> !factor.isDefault()))
        .forEach(factor -> options.add(new ProviderOption(factor.type(), factor.id(), factor.label(),
            factor.maskedDestination(), factor.destination())));
    if (!options.isEmpty() && factors.hasBackupCodes() && view.enables("BACKUP_CODE")) {
      options.add(new ProviderOption("BACKUP_CODE", null, null, null, null));
    }
    return options;
  }

  /** The requested provider (its first way: the default factor if of that type), else the default factor. */
  private static ProviderOption choose(String requested, List<ProviderOption> usable) {
    return usable.stream().filter(o -> o.type().equals(requested)).findFirst().orElse(usable.get(0));
  }

  private static Limits limits(PolicyView view) {
    return new Limits(view.minVerificationCodeSendPeriod(), view.verificationCodeCheckRateLimit(),
        view.maxVerificationFailuresBeforeUserLockout(),
        view.provider("EMAIL").map(p -> p.verificationCodeLifetime()).filter(v -> v != null).orElse(120),
        view.provider("SMS").map(p -> p.verificationCodeLifetime()).filter(v -> v != null).orElse(120),
        view.provider("SMS").map(PolicyView.Provider::smsVerificationMessageTemplate).orElse(null));
  }
}
