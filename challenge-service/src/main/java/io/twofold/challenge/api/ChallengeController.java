package io.twofold.challenge.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.challenge.app.ChallengeIssuer;
import io.twofold.challenge.app.ChallengeVerifier;
import io.twofold.challenge.app.CodeSender;
import io.twofold.challenge.app.StartChallenge;
import io.twofold.challenge.domain.ChallengeState;
import io.twofold.challenge.domain.VerificationResult;
import io.twofold.challenge.store.ChallengeDocument;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.platform.web.ProblemException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** For login services ({@code twofold.login}): the same path as a ChallengeRequest on Kafka. */
@RestController
@RequestMapping("/api/v1/challenges")
@PreAuthorize("hasAuthority('SCOPE_twofold.login')")
@Tag(name = "Challenges")
public class ChallengeController {

  private final ChallengeIssuer issuer;
  private final ChallengeVerifier verifier;
  private final CodeSender codes;
  private final ChallengeStore challenges;

  public ChallengeController(ChallengeIssuer issuer, ChallengeVerifier verifier, CodeSender codes, ChallengeStore challenges) {
    this.issuer = issuer;
    this.verifier = verifier;
    this.codes = codes;
    this.challenges = challenges;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start the second step after a correct password (idempotent on challengeId)")
  public ChallengeDtos.View start(@Valid @RequestBody ChallengeDtos.NewChallenge body) {
    if (body.authority() != io.twofold.platform.security.Authority.SYS_ADMIN && body.tenantId() == null) {
      throw ProblemException.invalidFields(java.util.List.of(
          ProblemException.fieldError("tenantId", "required for " + body.authority())));
    }
    return ChallengeDtos.View.of(issuer.start(new StartChallenge(body.challengeId(), body.userId(), body.tenantId(),
        body.tenantProfileId(), body.customerId(), body.authority().name(), body.userEmail(), body.locale(),
        body.clientIp(), body.requestedProvider() == null ? null : body.requestedProvider().name())));
  }

  @GetMapping("/{challengeId}")
  @Operation(summary = "A challenge: state, ways to answer (masked), last delivery status")
  public ChallengeDtos.View read(@PathVariable String challengeId) {
    return ChallengeDtos.View.of(find(challengeId));
  }

  @PostMapping("/{challengeId}/code-requests")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Send (or resend) a code by EMAIL or SMS, or switch to TOTP or a backup code (\"try another way\")")
  public ChallengeDtos.View requestCode(@PathVariable String challengeId, @Valid @RequestBody ChallengeDtos.CodeRequestBody body) {
    ChallengeDocument challenge = find(challengeId);
    if (challenge.state() != ChallengeState.ISSUED) {
      throw ProblemException.conflict("challenge-finished", "the challenge is " + challenge.state());
    }
    String provider = body.provider().name();
    if (challenge.provider(provider).isEmpty()) {
      throw ProblemException.badRequest("provider-not-available", provider + " is not a way this user can answer");
    }
    if ("EMAIL".equals(provider) || "SMS".equals(provider)) {
      return ChallengeDtos.View.of(codes.send(challenge, provider));
    }
    return ChallengeDtos.View.of(challenges.switchProvider(challengeId, provider).orElseThrow(
        () -> ProblemException.conflict("challenge-finished", "the challenge was finished meanwhile")));
  }

  @PostMapping("/{challengeId}/verifications")
  @Operation(summary = "Submit a code; VERIFIED, ATTEMPT_FAILED (with attempts left), LOCKED_OUT or EXPIRED")
  public ChallengeDtos.Result verify(@PathVariable String challengeId, @Valid @RequestBody ChallengeDtos.Verification body) {
    VerificationResult result = verifier.verify(challengeId, body.provider() == null ? null : body.provider().name(),
        body.code().trim());
    if (result instanceof VerificationResult.RateLimited limited) {
      throw ProblemException.tooManyRequests("too many code checks; wait before trying again", limited.retryAfter());
    }
    if (result instanceof VerificationResult.Rejected rejected) {
      return new ChallengeDtos.Result("ATTEMPT_FAILED", rejected.attemptsLeft());
    }
    String outcome = result instanceof VerificationResult.Verified ? "VERIFIED"
        : result instanceof VerificationResult.LockedOut ? "LOCKED_OUT" : "EXPIRED";
    return new ChallengeDtos.Result(outcome, null);
  }

  private ChallengeDocument find(String challengeId) {
    return challenges.find(challengeId).orElseThrow(() -> ProblemException.notFound("challenge " + challengeId));
  }
}
