package io.twofold.challenge.kafka;

import io.twofold.challenge.app.ChallengeIssuer;
import io.twofold.challenge.app.StartChallenge;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Challenge requests from login services in any language (the same path as the HTTP API), and
 * delivery statuses, recorded on the challenge so a login page can offer another way after a
 * FAILED send. Both are idempotent: a repeated request finds its challenge, a status is a value.
 */
@Component
public class ChallengeListeners {

  private final ChallengeIssuer issuer;
  private final ChallengeStore challenges;

  public ChallengeListeners(ChallengeIssuer issuer, ChallengeStore challenges) {
    this.issuer = issuer;
    this.challenges = challenges;
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).CHALLENGE_REQUESTS.name()}",
      concurrency = "${twofold.challenge.listener-concurrency:6}")
  public void on(ChallengeRequest request) {
    issuer.start(new StartChallenge(request.getChallengeId(), request.getUserId(), request.getMetadata().getTenantId(),
        request.getTenantProfileId(), request.getCustomerId(), request.getAuthority().name(), request.getUserEmail(),
        request.getLocale(), request.getClientIp(),
        request.getRequestedProvider() == null ? null : request.getRequestedProvider().name()));
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).DELIVERIES.name()}",
      concurrency = "${twofold.challenge.listener-concurrency:6}")
  public void on(DeliveryEvent delivery) {
    if (delivery.getChallengeId() != null) {
      challenges.recordDelivery(delivery.getChallengeId(), new ChallengeDocument.Delivery(delivery.getRequestId(),
          delivery.getStatus().name(), delivery.getProvider(), delivery.getErrorClass(),
          delivery.getMetadata().getOccurredAt()));
    }
  }
}
