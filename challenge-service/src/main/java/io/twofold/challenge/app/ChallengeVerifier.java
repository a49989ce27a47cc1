package io.twofold.challenge.app;

import io.twofold.challenge.domain.ChallengeState;
import io.twofold.challenge.domain.CodeFormat;
import io.twofold.challenge.domain.VerificationResult;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.challenge.store.LockoutStore;
import io.twofold.platform.limit.RateLimit;
import io.twofold.platform.web.ProblemException;
import io.twofold.schemas.challenge.LockoutState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks a submitted code. Order matters: the challenge must be live, the code well-formed, and
 * one update of the user's guard ({@link LockoutStore#admit}) must admit the check — the user not
 * locked, the check rate limit and the failure counter both counting it — before any code is
 * compared, so parallel guesses cannot exceed a limit. A check whose code could not be compared
 * (enrollment down, the code's key gone) is given back: the caller learnt nothing; a right code
 * gives its check back too (the limit bounds guesses, not sign-ins) and forgives earlier failures.
 * Exactly one correct submission verifies.
 */
public class ChallengeVerifier {

  private final ChallengeStore challenges;
  private final LockoutStore lockouts;
  private final EnrollmentClient enrollment;
  private final CodeSender codes;
  private final ChallengePublisher events;
  private final Clock clock;

  public ChallengeVerifier(ChallengeStore challenges, LockoutStore lockouts, EnrollmentClient enrollment,
      CodeSender codes, ChallengePublisher events, Clock clock) {
    this.challenges = challenges;
    this.lockouts = lockouts;
    this.enrollment = enrollment;
    this.codes = codes;
    this.events = events;
    this.clock = clock;
  }

  /** @param challenge the challenge as just read, found for the login client that created it */
  public VerificationResult verify(ChallengeDocument challenge, String requestedProvider, String code) {
    String challengeId = challenge.challengeId();
    Instant now = clock.instant();
    switch (challenge.state()) {
      case ISSUED -> { }
      case EXPIRED -> { return new VerificationResult.Expired(); }
      case LOCKED_OUT -> { return new VerificationResult.LockedOut(challenge.finishedAt()); }
      case ENROLLMENT_REQUIRED -> throw ProblemException.conflict("enrollment-required",
          "the user has no factor yet: confirming one with this challenge's id completes the sign-in");
      default -> throw ProblemException.conflict("challenge-finished",
          "the challenge is " + challenge.state() + " and accepts no code");
    }
    if (!now.isBefore(challenge.expiresAt())) {
      finish(challenge, ChallengeState.EXPIRED, "expired", null);
      return new VerificationResult.Expired();
    }
    String provider = requestedProvider != null ? requestedProvider : challenge.currentProvider();
    challenge.provider(provider).orElseThrow(() -> ProblemException.badRequest("provider-not-available",
        provider + " is not a way this user can answer this challenge"));
    String malformed = CodeFormat.problem(provider, code);
    if (malformed != null) {
      throw ProblemException.invalidFields(List.of(ProblemException.fieldError("code", malformed)));
    }
    if (("SMS".equals(provider) || "EMAIL".equals(provider)) && !challenge.hasLiveCode(provider, now)) {
      // No code of this provider can be right: say why, and count nothing (there is nothing to guess)
      // — unless the user is locked, which is said first, as for every other answer.
      Optional<Instant> locked = lockouts.lockedSince(challenge.userId());
      if (locked.isPresent()) {
        finish(challenge, ChallengeState.LOCKED_OUT, "locked-out", provider);
        return new VerificationResult.LockedOut(locked.get());
      }
      if (challenge.codeExpired(provider, now)) {
        return new VerificationResult.CodeExpired(challenge.nextCodeAt());
      }
      throw ProblemException.conflict("no-code-sent", "no " + provider + " code was sent for this challenge"
          + " (or its factor was removed): ask for one with a code request");
    }
    // One update admits the check: the user not locked, failures and the provider's checks within
    // their limits; the check is counted as a failure until the code is found right.
    int max = challenge.limits().maxVerificationFailuresBeforeUserLockout();
    var admission = lockouts.admit(challenge.userId(), provider, max,
        RateLimit.parse(challenge.limits().verificationCodeCheckRateLimit()), now);
    if (admission instanceof LockoutStore.Admission.Locked locked) {
      finish(challenge, ChallengeState.LOCKED_OUT, "locked-out", provider);
      return new VerificationResult.LockedOut(locked.since());
    }
    if (admission instanceof LockoutStore.Admission.ChecksUsedUp usedUp) {
      return new VerificationResult.RateLimited(usedUp.retryAfter());
    }
    if (admission instanceof LockoutStore.Admission.FailuresReached) {
      lock(challenge, max);
      return new VerificationResult.LockedOut(now);
    }
    var admitted = (LockoutStore.Admission.Admitted) admission;
    Integer attempt = admitted.attempt();
    boolean matched;
    try {
      matched = matches(challenge, provider, code, now);
    } catch (EnrollmentClient.EnrollmentUnavailable | CodeSender.CodeUnavailable notCompared) {
      lockouts.giveBack(challenge.userId(), provider, admitted);
      throw notCompared;
    }
    if (matched) {
      var verified = events.state(challenge, io.twofold.schemas.challenge.ChallengeState.VERIFIED, null, provider,
          null);
      if (challenges.finish(challengeId, ChallengeState.VERIFIED, null, clock.instant(),
          List.of(verified.eventId())).isEmpty()) {
        events.discard(verified);
        throw ProblemException.conflict("challenge-finished", "the challenge was finished by another request");
      }
      events.release(verified);
      if ("SMS".equals(provider) && challenge.lastDelivery() != null && challenge.lastDelivery().range() != null) {
        events.countSmsSignIn(challenge.lastDelivery().range());
      }
      // Forgives the failures before it; and the check limit is against guessing: a right code ends
      // the challenge and is no guess, so it does not use up the user's checks (four sign-ins with
      // the app in 15 minutes are not refused).
      lockouts.succeeded(challenge.userId(), provider, admitted);
      return new VerificationResult.Verified();
    }
    if (attempt != null && attempt >= max) {
      lock(challenge, max);
      return new VerificationResult.LockedOut(now);
    }
    Integer left = attempt == null ? null : max - attempt;
    // The failure counted above changed no challenge: its event is stored once the comparison failed.
    events.stateWithoutChange(challenge, io.twofold.schemas.challenge.ChallengeState.ATTEMPT_FAILED, provider, left);
    return new VerificationResult.Rejected(left);
  }

  private boolean matches(ChallengeDocument challenge, String provider, String code, Instant now) {
    return switch (provider) {
      case "TOTP" -> enrollment.verifyTotp(challenge.userId(), code);
      case "BACKUP_CODE" -> enrollment.verifyBackupCode(challenge.userId(), code);
      default -> challenge.hasLiveCode(provider, now)
          && MessageDigest.isEqual(codes.open(challenge).getBytes(StandardCharsets.UTF_8),
              code.getBytes(StandardCharsets.UTF_8));
    };
  }

  private void lock(ChallengeDocument challenge, int failures) {
    var locked = events.lockout(challenge.userId(), challenge.tenantId(), LockoutState.LOCKED,
        "max-verification-failures", failures, null, ChallengePublisher.lockoutOf(challenge.userId()));
    if (lockouts.lock(challenge.userId(), challenge.tenantId(), "max-verification-failures", failures, clock.instant(),
        locked.eventId())) {
      events.release(locked);
    } else {
      events.discard(locked); // locked already, by a parallel failure
    }
    finish(challenge, ChallengeState.LOCKED_OUT, "max-verification-failures", null);
  }

  private void finish(ChallengeDocument challenge, ChallengeState state, String reason, String provider) {
    var finished = events.state(challenge, io.twofold.schemas.challenge.ChallengeState.valueOf(state.name()), reason,
        provider, null);
    if (challenges.finish(challenge.challengeId(), state, reason, clock.instant(), List.of(finished.eventId()))
        .isPresent()) {
      events.release(finished);
    } else {
      events.discard(finished);
    }
  }
}
