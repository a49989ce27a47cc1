package io.twofold.challenge.kafka;

import io.twofold.challenge.app.ChallengeIssuer;
import io.twofold.challenge.app.StartChallenge;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.platform.kafka.Failures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Challenge requests from login services in any language (the same path as the HTTP API), delivery
 * statuses, recorded on the challenge so a login page can offer another way after a FAILED send,
 * and factor changes. All are idempotent: a repeated request finds its challenge, a status is a
 * value, a withdrawn factor stays withdrawn.
 */
@Component
public class ChallengeListeners {

  private final ChallengeIssuer issuer;
  private final ChallengeStore challenges;
  private final Clock clock;
  private final Duration requestTimeout;

  public ChallengeListeners(ChallengeIssuer issuer, ChallengeStore challenges, Clock clock,
      @Value("${twofold.challenge.request-timeout:60s}") Duration requestTimeout) {
    this.issuer = issuer;
    this.challenges = challenges;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).CHALLENGE_REQUESTS.name()}",
      concurrency = "${twofold.challenge.listener-concurrency:6}")
  public void on(ChallengeRequest request) {
    StartChallenge start = new StartChallenge(request.getMetadata().getProducer(), request.getChallengeId(),
        request.getUserId(), request.getMetadata().getTenantId(), request.getTenantProfileId(), request.getCustomerId(),
        request.getAuthority().name(), request.getUserEmail(), request.getLocale(), request.getClientIp(),
        request.getRequestedProvider() == null ? null : request.getRequestedProvider().name());
    // A sign-in waits on a login page: what Twofold needs (policy, enrollment, the database) being
    // away is retried until the request is request-timeout old, then answered REJECTED with why.
    Instant deadline = request.getMetadata().getOccurredAt().plus(requestTimeout);
    try {
      issuer.start(start, deadline);
    } catch (ChallengeIssuer.ChallengeIdConflict conflict) {
      issuer.reportConflict(start);
    } catch (RuntimeException failure) {
      if (Failures.isTransient(failure) && !clock.instant().isBefore(deadline)) {
        issuer.reportUnavailable(start, Failures.describe(failure));
        return;
      }
      throw failure;
    }
  }

  /**
   * A factor the user removed (or an administrator's reset) stops answering the user's running
   * challenges at once: a stolen phone the user just removed gets no more codes, and a code it
   * already got stops working.
   */
  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).FACTORS.name()}",
      concurrency = "${twofold.challenge.listener-concurrency:6}")
  public void on(FactorEvent change) {
    switch (change.getChange()) {
      case CONFIRMED -> {
        if (change.getChallengeId() != null && change.getFactorType() != null) {
          issuer.completeEnrollment(change.getChallengeId(), change.getUserId(), change.getMetadata().getTenantId(),
              change.getFactorType().name());
        }
      }
      case REMOVED -> {
        if (change.getFactorId() != null) {
          challenges.withdrawFactor(change.getUserId(), change.getFactorId());
        } else if (change.getFactorType() == ProviderType.BACKUP_CODE) {
          challenges.withdrawProvider(change.getUserId(), ProviderType.BACKUP_CODE.name());
        }
      }
      case RESET_BY_ADMIN -> {
        for (ProviderType type : ProviderType.values()) {
          challenges.withdrawProvider(change.getUserId(), type.name());
        }
      }
      default -> { }
    }
  }

  @KafkaListener(topics = "#{T(io.twofold.schemas.Topics).DELIVERIES.name()}",
      concurrency = "${twofold.challenge.listener-concurrency:6}")
  public void on(DeliveryEvent delivery) {
    if (delivery.getChallengeId() != null) {
      challenges.recordDelivery(delivery.getChallengeId(), new ChallengeDocument.Delivery(delivery.getRequestId(),
          delivery.getStatus().name(), delivery.getProvider(), delivery.getErrorClass(),
          delivery.getMetadata().getOccurredAt(), delivery.getDestinationRange()));
    }
  }
}
