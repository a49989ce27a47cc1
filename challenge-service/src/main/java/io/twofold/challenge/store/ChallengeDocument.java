package io.twofold.challenge.store;

import io.twofold.challenge.domain.ChallengeState;
import io.twofold.challenge.domain.Limits;
import io.twofold.challenge.domain.ProviderOption;
import java.time.Instant;
import java.util.List;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A challenge, keyed by the caller's challenge id (so a repeated request finds it), bound to the
 * user it was created for and the login client ({@code clientId}: the {@code sub} of its token, or
 * the {@code producer} of its Kafka request) that created it. The current EMAIL/SMS code is kept
 * sealed with the code key ring (AAD = challenge id), never in clear, with the factor it was sent
 * to. {@code outboxEvents} lists the events whose changes this document holds (the outbox's proof).
 * Deleted 30 days after it was created (it holds the client's IP and e-mail address).
 */
@Document("challenges")
public record ChallengeDocument(
    @Id String challengeId,
    String clientId,
    @Indexed String userId,
    String tenantId,
    String tenantProfileId,
    String customerId,
    String authority,
    String userEmail,
    String locale,
    String clientIp,
    ChallengeState state,
    String reason,
    List<ProviderOption> providers,
    String defaultProvider,
    String currentProvider,
    String currentFactorId,
    Limits limits,
    String codeKeyId,
    Binary codeNonce,
    Binary codeCiphertext,
    String codeProvider,
    String codeFactorId,
    Instant codeExpiresAt,
    Instant codeRequestedAt,
    Instant nextCodeAt,
    Delivery lastDelivery,
    Instant expiresAt,
    @Indexed(expireAfter = "30d") Instant createdAt,
    Instant finishedAt,
    List<String> outboxEvents) {

  /** The last delivery status reported for a code of this challenge. */
  /**
   * The last delivery outcome of the challenge's code; {@code range} is an SMS destination's range
   * ({@code +380 67}), for the SMS-pumping signal, never the number.
   */
  public record Delivery(String requestId, String status, String provider, String errorClass, Instant at,
      String range) {}

  /**
   * The way of this type the user answers with: the current factor if it is of this type, else the
   * first of the type (the user's default factor comes first).
   */
  public java.util.Optional<ProviderOption> provider(String type) {
    if (providers == null) {
      return java.util.Optional.empty();
    }
    return providers.stream().filter(p -> p.type().equals(type) && currentFactorId != null
            && currentFactorId.equals(p.factorId())).findFirst()
        .or(() -> providers.stream().filter(p -> p.type().equals(type)).findFirst());
  }

  /** The way backed by this factor of the user's, if this challenge offers it. */
  public java.util.Optional<ProviderOption> factor(String factorId) {
    return providers == null || factorId == null ? java.util.Optional.empty()
        : providers.stream().filter(p -> factorId.equals(p.factorId())).findFirst();
  }

  /** The same challenge, to be inserted with the events of its creation as proof. */
  public ChallengeDocument marked(List<String> events) {
    return new ChallengeDocument(challengeId, clientId, userId, tenantId, tenantProfileId, customerId, authority,
        userEmail, locale, clientIp, state, reason, providers, defaultProvider, currentProvider, currentFactorId, limits,
        codeKeyId,
        codeNonce, codeCiphertext, codeProvider, codeFactorId, codeExpiresAt, codeRequestedAt, nextCodeAt, lastDelivery,
        expiresAt, createdAt, finishedAt, List.copyOf(events));
  }

  /**
   * Whether the challenge was issued with a provider that sends codes and no code was ever stored
   * for it: the request that created it stopped (a crash, the database away) before the send.
   */
  public boolean awaitsFirstCode(Instant now) {
    return state == ChallengeState.ISSUED && codeProvider == null && expiresAt != null && expiresAt.isAfter(now)
        && (currentFactorId != null ? factor(currentFactorId) : provider(currentProvider))
            .map(ProviderOption::sendsCode).orElse(false);
  }

  /** Whether a code sent by this provider can still be answered (sent, not expired, not voided). */
  public boolean hasLiveCode(String provider, Instant now) {
    return provider.equals(codeProvider) && codeCiphertext != null && codeExpiresAt != null
        && now.isBefore(codeExpiresAt);
  }

  /** Whether this provider's code was sent and has expired (not voided by a removed factor). */
  public boolean codeExpired(String provider, Instant now) {
    return provider.equals(codeProvider) && codeCiphertext != null && codeExpiresAt != null
        && !now.isBefore(codeExpiresAt);
  }

  /** Whether this login client created the challenge: any other client may not see it. */
  public boolean createdBy(String client) {
    return clientId != null && clientId.equals(client);
  }

  /**
   * Whether a request for this challenge id is the same request again: same user, tenant,
   * authority and client. Anything else is a conflict, never a replay of this challenge's outcome.
   */
  public boolean sameRequest(String client, String user, String tenant, String userAuthority) {
    return createdBy(client) && userId.equals(user) && java.util.Objects.equals(tenantId, tenant)
        && java.util.Objects.equals(authority, userAuthority);
  }
}
