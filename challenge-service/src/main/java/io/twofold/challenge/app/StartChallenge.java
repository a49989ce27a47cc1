package io.twofold.challenge.app;

/** A login service's request for the second step, from Kafka or HTTP alike. */
public record StartChallenge(
    String challengeId,
    String userId,
    String tenantId,
    String tenantProfileId,
    String customerId,
    String authority,
    String userEmail,
    String locale,
    String clientIp,
    String requestedProvider) {}
