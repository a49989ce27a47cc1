package io.twofold.challenge.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.twofold.challenge.domain.ProviderOption;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.crypto.SealedValue;
import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.limit.RateDecision;
import io.twofold.platform.limit.RateLimit;
import io.twofold.platform.web.ProblemException;
import io.twofold.schemas.challenge.ChallengeState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends EMAIL/SMS codes of a challenge. While a code is valid a resend sends the same code (two
 * different codes in flight confuse users when SMS arrive out of order); after it expires a new one
 * is made. Every send obeys {@code minVerificationCodeSendPeriod} per user and provider.
 */
public class CodeSender {

  private final ChallengeStore challenges;
  private final ChallengePublisher events;
  private final MongoRateLimiter limiter;
  private final KeyRing keys;
  private final SecureRandom random;
  private final Clock clock;

  public CodeSender(ChallengeStore challenges, ChallengePublisher events, MongoRateLimiter limiter, KeyRing keys,
      SecureRandom random, Clock clock) {
    this.challenges = challenges;
    this.events = events;
    this.limiter = limiter;
    this.keys = keys;
    this.random = random;
    this.clock = clock;
  }

  public void send(ChallengeDocument challenge, String providerType) {
    ProviderOption option = challenge.provider(providerType).filter(ProviderOption::sendsCode)
        .orElseThrow(() -> ProblemException.badRequest("provider-not-available",
            providerType + " is not a way this user can receive a code"));
    RateLimit period = new RateLimit(1, Duration.ofSeconds(challenge.limits().minVerificationCodeSendPeriod()));
    if (limiter.tryAcquire("send:" + challenge.userId() + ":" + providerType, period)
        instanceof RateDecision.Limited limited) {
      throw ProblemException.tooManyRequests("a code was sent recently; wait before asking again", limited.retryAfter());
    }
    Instant now = clock.instant();
    String code;
    Instant expiresAt;
    if (providerType.equals(challenge.codeProvider()) && challenge.codeExpiresAt() != null
        && challenge.codeExpiresAt().isAfter(now) && challenge.codeCiphertext() != null) {
      code = open(challenge);
      expiresAt = challenge.codeExpiresAt();
      challenges.switchProvider(challenge.challengeId(), providerType);
    } else {
      code = String.format("%06d", random.nextInt(1_000_000));
      expiresAt = now.plusSeconds(challenge.limits().codeLifetime(providerType));
      SealedValue sealed = keys.seal(code.getBytes(UTF_8), aad(challenge.challengeId()));
      challenges.setCode(challenge.challengeId(), providerType, sealed, expiresAt);
    }
    events.loginCode(challenge, providerType, option.destination(), code, expiresAt);
    events.state(challenge, ChallengeState.CODE_SENT, providerType, null);
  }

  String open(ChallengeDocument challenge) {
    SealedValue sealed = new SealedValue(challenge.codeKeyId(), challenge.codeNonce().getData(),
        challenge.codeCiphertext().getData());
    return new String(keys.open(sealed, aad(challenge.challengeId())), UTF_8);
  }

  private static byte[] aad(String challengeId) {
    return ("challenge:" + challengeId).getBytes(UTF_8);
  }
}
