package io.twofold.challenge.app;

import io.twofold.challenge.domain.ProviderOption;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.SealedValue;
import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.limit.RateDecision;
import io.twofold.platform.limit.RateLimit;
import io.twofold.schemas.challenge.ChallengeState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends EMAIL/SMS codes of a challenge. While a code is valid a resend sends the same code (two
 * different codes in flight confuse users when SMS arrive out of order); after it expires a new one
 * is made. Every send obeys {@code minVerificationCodeSendPeriod} per user and provider.
 */
public class CodeSender {

  private final ChallengeStore challenges;
  private final ChallengePublisher events;
  private final MongoRateLimiter limiter;
  private final CodeSealer sealer;
  private final SecureRandom random;
  private final Clock clock;

  public CodeSender(ChallengeStore challenges, ChallengePublisher events, MongoRateLimiter limiter, CodeSealer sealer,
      SecureRandom random, Clock clock) {
    this.challenges = challenges;
    this.events = events;
    this.limiter = limiter;
    this.sealer = sealer;
    this.random = random;
    this.clock = clock;
  }

  /**
   * @return the challenge as stored after the send
   * @throws SendTooSoon inside the send period (nothing is sent)
   * @throws io.twofold.platform.web.ProblemException 409 when the challenge finished meanwhile
   */
  public ChallengeDocument send(ChallengeDocument challenge, String providerType) {
    ProviderOption option = challenge.provider(providerType).filter(ProviderOption::sendsCode)
        .orElseThrow(() -> io.twofold.platform.web.ProblemException.badRequest("provider-not-available",
            providerType + " is not a way this user can receive a code"));
    RateLimit period = new RateLimit(1, Duration.ofSeconds(challenge.limits().minVerificationCodeSendPeriod()));
    if (limiter.tryAcquire("send:" + challenge.userId() + ":" + providerType, period)
        instanceof RateDecision.Limited limited) {
      throw new SendTooSoon(limited.retryAfter());
    }
    Instant now = clock.instant();
    String code;
    Instant expiresAt;
    Optional<ChallengeDocument> stored;
    if (providerType.equals(challenge.codeProvider()) && challenge.codeExpiresAt() != null
        && challenge.codeExpiresAt().isAfter(now) && challenge.codeCiphertext() != null) {
      code = open(challenge);
      expiresAt = challenge.codeExpiresAt();
      stored = challenges.switchProvider(challenge.challengeId(), providerType);
    } else {
      code = String.format("%06d", random.nextInt(1_000_000));
      expiresAt = now.plusSeconds(challenge.limits().codeLifetime(providerType));
      SealedValue sealed = sealer.sealValue(code, context(challenge.challengeId()));
      stored = challenges.setCode(challenge.challengeId(), providerType, sealed, expiresAt);
    }
    ChallengeDocument updated = stored.orElseThrow(() -> io.twofold.platform.web.ProblemException.conflict(
        "challenge-finished", "the challenge was finished while the code was being sent"));
    events.loginCode(updated, providerType, option.destination(), code, expiresAt);
    events.state(updated, ChallengeState.CODE_SENT, providerType, null);
    return updated;
  }

  String open(ChallengeDocument challenge) {
    SealedValue sealed = new SealedValue(challenge.codeKeyId(), challenge.codeNonce().getData(),
        challenge.codeCiphertext().getData());
    return sealer.openValue(sealed, context(challenge.challengeId()));
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
