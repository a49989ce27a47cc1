package io.twofold.challenge.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.kafka.EventMetadataFactory;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything challenge-service writes to Kafka: {@code ChallengeEvent}s, {@code LockoutEvent}s and
 * the {@code CodeRequest}s of login codes (sealed, AAD = request id). Keyed by user id. Also counts
 * {@code twofold_challenge_events_total{state,provider}}.
 */
@Component
public class ChallengePublisher {

  private final KafkaTemplate<String, Object> kafka;
  private final EventMetadataFactory metadata;
  private final CodeSealer sealer;
  private final MeterRegistry meters;

  public ChallengePublisher(KafkaTemplate<String, Object> kafka, EventMetadataFactory metadata, CodeSealer sealer,
      MeterRegistry meters) {
    this.kafka = kafka;
    this.metadata = metadata;
    this.sealer = sealer;
    this.meters = meters;
  }

  public void state(ChallengeDocument challenge, ChallengeState state, String provider, Integer attemptsLeft) {
    ChallengeEvent event = ChallengeEvent.newBuilder()
        .setMetadata(metadata.create(challenge.tenantId(), challenge.challengeId()))
        .setChallengeId(challenge.challengeId())
        .setUserId(challenge.userId())
        .setState(state)
        .setReason(challenge.reason())
        .setAvailableProviders(challenge.providers() == null ? java.util.List.of() : challenge.providers().stream()
            .map(p -> new AvailableProvider(ProviderType.valueOf(p.type()), p.maskedDestination())).toList())
        .setDefaultProvider(challenge.defaultProvider() == null ? null : ProviderType.valueOf(challenge.defaultProvider()))
        .setProvider(provider == null ? null : ProviderType.valueOf(provider))
        .setAttemptsLeft(attemptsLeft)
        .setExpiresAt(challenge.expiresAt())
        .build();
    kafka.send(Topics.CHALLENGES.name(), challenge.userId(), event);
    meters.counter("twofold.challenge.events", "state", state.name(), "provider", provider == null ? "none" : provider)
        .increment();
  }

  public void loginCode(ChallengeDocument challenge, String providerType, String destination, String code,
      Instant expiresAt) {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> parameters = new HashMap<>();
    if (challenge.userEmail() != null) {
      parameters.put("userEmail", challenge.userEmail());
    }
    CodeRequest request = CodeRequest.newBuilder()
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
    kafka.send(Topics.CODE_REQUESTS.name(), challenge.userId(), request).join();
  }

  public void lockout(String userId, String tenantId, LockoutState state, String reason, Integer failures, String by) {
    kafka.send(Topics.LOCKOUTS.name(), userId, LockoutEvent.newBuilder()
        .setMetadata(metadata.create(tenantId))
        .setUserId(userId)
        .setState(state)
        .setReason(reason)
        .setFailures(failures)
        .setUnlockedBy(by)
        .build());
    meters.counter("twofold.challenge.lockouts", "state", state.name()).increment();
  }
}
