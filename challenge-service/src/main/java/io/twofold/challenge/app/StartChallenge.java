package io.twofold.challenge.app;

/**
 * A login service's request for the second step, from Kafka or HTTP alike.
 *
 * @param clientId the login client asking: its token's {@code sub} over HTTP, the event's {@code
 *     producer} over Kafka (whoever may write to the topic is trusted to name itself)
 */
public record StartChallenge(
    String clientId,
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
