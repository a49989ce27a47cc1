package io.twofold.challenge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.platform.security.Authority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The challenge API's JSON. Codes travel in bodies only; destinations only masked. */
final class ChallengeDtos {

  private ChallengeDtos() {}

  enum Provider { TOTP, SMS, EMAIL, BACKUP_CODE }

  record NewChallenge(
      @NotBlank @Size(max = 200) String challengeId,
      @NotBlank @Size(max = 200) String userId,
      @Size(max = 200) String tenantId,
      @Size(max = 200) String tenantProfileId,
      @Size(max = 200) String customerId,
      @NotNull Authority authority,
      @Size(max = 254) String userEmail,
      @Size(max = 35) String locale,
      @Size(max = 45) String clientIp,
      Provider requestedProvider) {}

  /** @param factorId one of the user's factors of that provider (e.g. another phone); absent: the current one */
  record CodeRequestBody(@NotNull Provider provider, @Size(max = 200) String factorId) {}

  record Verification(Provider provider, @NotNull @Pattern(regexp = "[A-Za-z0-9 -]{6,16}", message = "must be a code") String code) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(String challengeId, String userId, String state, String reason, List<Option> providers,
      String defaultProvider, String currentProvider, String currentFactorId, Instant expiresAt, Code code,
      Instant nextCodeAt, Delivery delivery) {

    static View of(ChallengeDocument c) {
      boolean issued = c.state() == io.twofold.challenge.domain.ChallengeState.ISSUED;
      boolean open = !c.state().isFinal();
      return new View(c.challengeId(), c.userId(), c.state().name(), c.reason(),
          c.providers() == null ? List.of() : c.providers().stream()
              .map(p -> new Option(p.type(), p.factorId(), p.label(), p.maskedDestination())).toList(),
          c.defaultProvider(), c.currentProvider(), c.currentFactorId(), open ? c.expiresAt() : null,
          issued && c.codeProvider() != null && c.codeRequestedAt() != null
              ? new Code(c.codeProvider(), c.codeRequestedAt(), c.codeExpiresAt()) : null,
          issued ? c.nextCodeAt() : null,
          c.lastDelivery() == null ? null
              : new Delivery(c.lastDelivery().status(), c.lastDelivery().provider(), c.lastDelivery().errorClass()));
    }
  }

  /**
   * The code this challenge sent last: by which provider, when it was asked for, when it expires.
   * Absent when no code was sent (e.g. a sign-in restarted within the send period: then
   * {@code nextCodeAt} says when one may be asked for).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Code(String provider, Instant requestedAt, Instant expiresAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Option(String type, String factorId, String label, String maskedDestination) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delivery(String status, String provider, String errorClass) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(String challengeId, String userId, String result, Integer attemptsLeft, Instant nextCodeAt) {}
}
