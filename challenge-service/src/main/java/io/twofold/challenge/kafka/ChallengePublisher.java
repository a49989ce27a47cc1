package io.twofold.challenge.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.platform.outbox.Outbox;
import io.twofold.platform.outbox.Proof;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.AvailableProvider;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.schemas.challenge.LockoutState;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.delivery.CodeRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything challenge-service writes to Kafka: {@code ChallengeEvent}s, {@code LockoutEvent}s and
 * the {@code CodeRequest}s of login codes (sealed, AAD = request id), keyed by user id, all through
 * the outbox: an event is stored with the proof of its change before the change ({@link
 * Proof.Marked}: the change adds the event id to the challenge's or lockout's {@code outboxEvents}),
 * and released once the change is stored. Also counts {@code twofold_challenge_events_total{state,provider}}.
 */
@Component
public class ChallengePublisher {

  static final String CHALLENGES = "challenges";
  static final String LOCKOUTS = "challenge_lockouts";
  private static final Duration DIRECT_SEND_TIMEOUT = Duration.ofSeconds(10);

  private final Outbox outbox;
  private final KafkaTemplate<String, Object> kafka;
  private final EventMetadataFactory metadata;
  private final CodeSealer sealer;
  private final MeterRegistry meters;

  public ChallengePublisher(Outbox outbox, KafkaTemplate<String, Object> kafka, EventMetadataFactory metadata,
      CodeSealer sealer, MeterRegistry meters) {
    this.outbox = outbox;
    this.kafka = kafka;
    this.metadata = metadata;
    this.sealer = sealer;
    this.meters = meters;
  }

  /** The event of a state the challenge enters; the change must mark the challenge with its id. */
  public Outbox.Pending state(ChallengeDocument challenge, ChallengeState state, String reason, String provider,
      Integer attemptsLeft) {
    return outbox.prepare(Topics.CHALLENGES, challenge.userId(),
        event(challenge, state, reason, provider, attemptsLeft), new Proof.Marked(CHALLENGES, challenge.challengeId()));
  }

  /**
   * An outcome about a request that stores nothing (a conflicting challenge id): published through
   * the outbox right away.
   */
  public void stateWithoutChange(ChallengeDocument challenge, ChallengeState state, String reason) {
    ChallengeEvent event = event(challenge, state, reason, null, null);
    outbox.publish(Topics.CHALLENGES, challenge.userId(), event);
    count(event);
  }

  /** An attempt that failed: counted in the attempts, not the challenge; stored once the comparison failed. */
  public void stateWithoutChange(ChallengeDocument challenge, ChallengeState state, String provider,
      Integer attemptsLeft) {
    ChallengeEvent event = event(challenge, state, challenge.reason(), provider, attemptsLeft);
    outbox.publish(Topics.CHALLENGES, challenge.userId(), event);
    count(event);
  }

  /**
   * An outcome when the database is what is away: straight to the broker, waiting for it (the
   * outbox lives in the database). A failure is thrown, for the record to be retried.
   */
  public void stateDirectly(ChallengeDocument challenge, ChallengeState state, String reason) {
    ChallengeEvent event = event(challenge, state, reason, null, null);
    try {
      kafka.send(Topics.CHALLENGES.name(), challenge.userId(), event)
          .get(DIRECT_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      count(event);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", interrupted);
    } catch (Exception failed) {
      throw new org.springframework.kafka.KafkaException("could not publish the outcome of " + challenge.challengeId(),
          failed);
    }
  }

  private ChallengeEvent event(ChallengeDocument challenge, ChallengeState state, String reason, String provider,
      Integer attemptsLeft) {
    return ChallengeEvent.newBuilder()
        .setMetadata(metadata.create(challenge.tenantId(), challenge.challengeId()))
        .setChallengeId(challenge.challengeId())
        .setUserId(challenge.userId())
        .setState(state)
        .setReason(reason)
        .setAvailableProviders(challenge.providers() == null ? List.of() : challenge.providers().stream()
            .map(p -> AvailableProvider.newBuilder().setProviderType(ProviderType.valueOf(p.type()))
                .setMaskedDestination(p.maskedDestination()).setFactorId(p.factorId()).setLabel(p.label()).build())
            .toList())
        .setDefaultProvider(challenge.defaultProvider() == null ? null : ProviderType.valueOf(challenge.defaultProvider()))
        .setProvider(provider == null ? null : ProviderType.valueOf(provider))
        .setAttemptsLeft(attemptsLeft)
        .setExpiresAt(challenge.expiresAt())
        .build();
  }

  /** A login code sent: the request that sends it and the challenge's CODE_SENT, stored together. */
  public record CodeSent(Outbox.Pending request, Outbox.Pending state) {}

  /**
   * The request that sends a login code and the challenge's {@code CODE_SENT}, stored in one round
   * trip; the change that stores the code must mark the challenge with both.
   */
  public CodeSent loginCode(ChallengeDocument challenge, String providerType, String destination, String code,
      Instant expiresAt) {
    Proof proof = new Proof.Marked(CHALLENGES, challenge.challengeId());
    List<Outbox.Pending> stored = outbox.prepare(List.of(
        new Outbox.Draft(Topics.CODE_REQUESTS, challenge.userId(),
            codeRequest(challenge, providerType, destination, code, expiresAt), proof),
        new Outbox.Draft(Topics.CHALLENGES, challenge.userId(),
            event(challenge, ChallengeState.CODE_SENT, challenge.reason(), providerType, null), proof)));
    return new CodeSent(stored.get(0), stored.get(1));
  }

  private CodeRequest codeRequest(ChallengeDocument challenge, String providerType, String destination, String code,
      Instant expiresAt) {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> parameters = new HashMap<>();
    if (challenge.userEmail() != null) {
      parameters.put("userEmail", challenge.userEmail());
    }
    return CodeRequest.newBuilder()
        .setMetadata(metadata.create(challenge.tenantId(), challenge.challengeId()))
        .setRequestId(requestId)
        .setUserId(challenge.userId())
        .setChallengeId(challenge.challengeId())
        .setPurpose(CodePurpose.LOGIN)
        .setChannel(Channel.valueOf(providerType))
        .setDestination(destination)
        .setEncryptedCode(sealer.seal(code, requestId))
        .setMessageTemplate("SMS".equals(providerType) ? challenge.limits().smsTemplate() : null)
        .setTemplateParameters(parameters)
        .setLocale(challenge.locale())
        .setExpiresAt(expiresAt)
        .build();
  }

  /** A lockout change, with the proof its change will leave. */
  public Outbox.Pending lockout(String userId, String tenantId, LockoutState state, String reason, Integer failures,
      String by, Proof proof) {
    return outbox.prepare(Topics.LOCKOUTS, userId, LockoutEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setState(state)
        .setReason(reason)
        .setFailures(failures)
        .setUnlockedBy(by)
        .build(), proof);
  }

  /** The changes are stored: publish their events, in this order, without waiting for the broker. */
  public void release(Outbox.Pending... events) {
    outbox.release(List.of(events));
    for (Outbox.Pending event : events) {
      if (event.value() instanceof ChallengeEvent challengeEvent) {
        count(challengeEvent);
      } else if (event.value() instanceof LockoutEvent lockout) {
        meters.counter("twofold.challenge.lockouts", "state", lockout.getState().name()).increment();
      }
    }
  }

  /**
   * A sign-in verified with an SMS code sent to a number of this range: what SMS sent to the range
   * (delivery's {@code twofold_delivery_sms_sent_total}) is weighed against, the signal of SMS
   * pumping (many codes sent, few used).
   */
  public void countSmsSignIn(String range) {
    meters.counter("twofold.challenge.sms.verified", "range", range).increment();
  }

  private void count(ChallengeEvent event) {
    meters.counter("twofold.challenge.events", "state", event.getState().name(),
        "provider", event.getProvider() == null ? "none" : event.getProvider().name()).increment();
  }

  /** The changes were refused: their events must never be published. */
  public void discard(Outbox.Pending... events) {
    outbox.discard(List.of(events));
  }

  /** Where a lockout event's proof is: the lockout document of the user. */
  public static Proof lockoutOf(String userId) {
    return new Proof.Marked(LOCKOUTS, userId);
  }
}
