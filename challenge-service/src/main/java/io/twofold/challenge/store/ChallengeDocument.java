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
 * A challenge, keyed by the caller's challenge id (so a repeated request finds it). The current
 * EMAIL/SMS code is kept sealed with the code key ring (AAD = challenge id), never in clear.
 * Deleted 30 days after it was created (it holds the client's IP and e-mail address).
 */
@Document("challenges")
public record ChallengeDocument(
    @Id String challengeId,
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
    Limits limits,
    String codeKeyId,
    Binary codeNonce,
    Binary codeCiphertext,
    String codeProvider,
    Instant codeExpiresAt,
    Delivery lastDelivery,
    Instant expiresAt,
    @Indexed(expireAfter = "30d") Instant createdAt,
    Instant finishedAt) {

  /** The last delivery status reported for a code of this challenge. */
  public record Delivery(String requestId, String status, String provider, String errorClass, Instant at) {}

  public java.util.Optional<ProviderOption> provider(String type) {
    return providers == null ? java.util.Optional.empty()
        : providers.stream().filter(p -> p.type().equals(type)).findFirst();
  }
}
