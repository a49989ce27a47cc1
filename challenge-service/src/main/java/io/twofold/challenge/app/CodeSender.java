package io.twofold.challenge.app;

import io.twofold.challenge.domain.ProviderOption;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.CryptoFailure;
import io.twofold.platform.crypto.SealedValue;
import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.limit.RateDecision;
import io.twofold.platform.limit.RateLimit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sends EMAIL/SMS codes of a challenge. While a code is valid a resend sends the same code (two
 * different codes in flight confuse users when SMS arrive out of order); after it expires, or when
 * it cannot be opened any more, a new one is made. Every send obeys {@code
 * minVerificationCodeSendPeriod} per user and provider, and goes only to a factor the user still
 * has: one removed since the challenge began (a stolen phone) gets nothing.
 */
public class CodeSender {

  private final ChallengeStore challenges;
  private final ChallengePublisher events;
  private final MongoRateLimiter limiter;
  private final CodeSealer sealer;
  private final EnrollmentClient enrollment;
  private final SecureRandom random;
  private final Clock clock;

  public CodeSender(ChallengeStore challenges, ChallengePublisher events, MongoRateLimiter limiter, CodeSealer sealer,
      EnrollmentClient enrollment, SecureRandom random, Clock clock) {
    this.challenges = challenges;
    this.events = events;
    this.limiter = limiter;
    this.sealer = sealer;
    this.enrollment = enrollment;
    this.random = random;
    this.clock = clock;
  }

  /** A send asked for later in a challenge: the user's factors are read again first. */
  /**
   * @param factorId the factor to send to ("try another way" may name one), or null for the
   *     provider's current way
   */
  public ChallengeDocument send(ChallengeDocument challenge, String providerType, String factorId) {
    ProviderOption option = (factorId == null ? challenge.provider(providerType) : challenge.factor(factorId))
        .filter(o -> o.type().equals(providerType) && o.sendsCode())
        .orElseThrow(() -> notAvailable(providerType));
    return send(challenge, option, null);
  }

  /**
   * @param current the user's factors as just read, or null to read them
   * @return the challenge as stored after the send
   * @throws SendTooSoon inside the send period (nothing is sent)
   * @throws io.twofold.platform.web.ProblemException 409 when the challenge finished meanwhile, 400
   *     when the user no longer has the factor
   */
  public ChallengeDocument send(ChallengeDocument challenge, ProviderOption option, EnrollmentClient.Factors current) {
    String providerType = option.type();
    RateLimit period = new RateLimit(1, Duration.ofSeconds(challenge.limits().minVerificationCodeSendPeriod()));
    String periodKey = "send:" + challenge.userId() + ":" + providerType;
    RateDecision decision = limiter.tryAcquire(periodKey, period);
    if (decision instanceof RateDecision.Limited limited) {
      throw new SendTooSoon(limited.retryAfter());
    }
    try {
      return sendWithin(challenge, option, providerType, current);
    } catch (RuntimeException notSent) {
      // Nothing went out (a peer or the database away, or the challenge finished meanwhile): the
      // send period starts with a code sent, so the retry that completes this send is not refused.
      giveBack(periodKey, (RateDecision.Allowed) decision);
      throw notSent;
    }
  }

  private ChallengeDocument sendWithin(ChallengeDocument challenge, ProviderOption option, String providerType,
      EnrollmentClient.Factors current) {
    EnrollmentClient.Factors factors = current != null ? current : enrollment.activeFactors(challenge.userId(), false);
    String destination = factors.factors().stream().filter(f -> f.id().equals(option.factorId())).findFirst()
        .map(EnrollmentClient.Factor::destination).orElse(null);
    if (destination == null) {
      challenges.withdrawFactor(challenge.userId(), option.factorId());
      throw notAvailable(providerType);
    }
    Instant now = clock.instant();
    // The same code again only to the same factor: another phone gets a code of its own.
    Optional<String> reusable = challenge.hasLiveCode(providerType, now)
        && java.util.Objects.equals(option.factorId(), challenge.codeFactorId())
        ? openIfPossible(challenge) : Optional.empty();
    String code = reusable.orElseGet(() -> String.format("%06d", random.nextInt(1_000_000)));
    Instant expiresAt = reusable.isPresent() ? challenge.codeExpiresAt()
        : now.plusSeconds(challenge.limits().codeLifetime(providerType));
    // The code request and CODE_SENT are stored first, with the code's update as their proof: a crash
    // after the update still sends the code (once: delivery is idempotent on the request id).
    var sent = events.loginCode(challenge, providerType, destination, code, expiresAt);
    List<String> proof = List.of(sent.request().eventId(), sent.state().eventId());
    Instant nextCodeAt = now.plusSeconds(challenge.limits().minVerificationCodeSendPeriod());
    Optional<ChallengeDocument> stored = reusable.isPresent()
        ? challenges.resendCode(challenge.challengeId(), providerType, option.factorId(), now, nextCodeAt, proof)
        : challenges.setCode(challenge.challengeId(), providerType, option.factorId(),
            sealer.sealValue(code, context(challenge.challengeId())), expiresAt, now, nextCodeAt, proof);
    if (stored.isEmpty()) {
      events.discard(sent.request(), sent.state());
      throw io.twofold.platform.web.ProblemException.conflict(
          "challenge-finished", "the challenge was finished while the code was being sent");
    }
    events.release(sent.request(), sent.state());
    return stored.get();
  }

  /** @throws CodeUnavailable if the stored code cannot be opened (its key left the key ring) */
  String open(ChallengeDocument challenge) {
    SealedValue sealed = new SealedValue(challenge.codeKeyId(), challenge.codeNonce().getData(),
        challenge.codeCiphertext().getData());
    try {
      return sealer.openValue(sealed, context(challenge.challengeId()));
    } catch (CryptoFailure unreadable) {
      throw new CodeUnavailable(unreadable);
    }
  }

  private void giveBack(String periodKey, RateDecision.Allowed permit) {
    try {
      limiter.release(periodKey, permit);
    } catch (RuntimeException databaseAway) {
      // the permit runs out with the send period
    }
  }

  private Optional<String> openIfPossible(ChallengeDocument challenge) {
    try {
      return Optional.of(open(challenge));
    } catch (CodeUnavailable unreadable) {
      return Optional.empty(); // a new code replaces it
    }
  }

  private static io.twofold.platform.web.ProblemException notAvailable(String providerType) {
    return io.twofold.platform.web.ProblemException.badRequest("provider-not-available",
        providerType + " is not a way this user can receive a code");
  }

  /** The challenge's code cannot be opened (its key is no longer in the code key ring). */
  public static class CodeUnavailable extends RuntimeException {
    CodeUnavailable(Throwable cause) {
      super("the code of this challenge cannot be opened", cause);
    }
  }

  /** The code stored in a challenge is bound to it, so it opens in no other challenge. */
  private static String context(String challengeId) {
    return "challenge:" + challengeId;
  }

  /** The send period since the last code to this user and provider is not over. */
  public static class SendTooSoon extends RuntimeException {
    private final Duration retryAfter;

    SendTooSoon(Duration retryAfter) {
      super("a code was sent recently");
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
