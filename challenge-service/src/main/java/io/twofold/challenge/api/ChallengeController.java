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
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * For login services ({@code twofold.login}): the same path as a ChallengeRequest on Kafka. A
 * challenge belongs to the login client that created it (the token's {@code sub}): to any other
 * client it does not exist (404), and reusing its id is a conflict (409).
 */
@RestController
@RequestMapping("/api/v1/challenges")
@Allow(Permission.RUN_CHALLENGES)
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
  @Operation(summary = "Start the second step after a correct password. Idempotent on challengeId, which must be"
      + " random and new for each sign-in (never derived from a session): the same id for another user, tenant,"
      + " authority or login client is 409 challenge-id-conflict.")
  public ChallengeDtos.View start(@Valid @RequestBody ChallengeDtos.NewChallenge body, Caller caller) {
    if (body.authority() != io.twofold.platform.security.Authority.SYS_ADMIN && body.tenantId() == null) {
      throw ProblemException.invalidFields(java.util.List.of(
          ProblemException.fieldError("tenantId", "required for " + body.authority())));
    }
    return ChallengeDtos.View.of(issuer.start(new StartChallenge(caller.userId(), body.challengeId(), body.userId(),
        body.tenantId(),
        body.tenantProfileId(), body.customerId(), body.authority().name(), body.userEmail(), body.locale(),
        body.clientIp(), body.requestedProvider() == null ? null : body.requestedProvider().name())));
  }

  @GetMapping("/{challengeId}")
  @Operation(summary = "A challenge: state, ways to answer (masked), last delivery status")
  public ChallengeDtos.View read(@PathVariable String challengeId, Caller caller) {
    return ChallengeDtos.View.of(find(challengeId, caller));
  }

  @PostMapping("/{challengeId}/code-requests")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Send (or resend) a code by EMAIL or SMS, or switch to TOTP or a backup code (\"try another way\")")
  public ChallengeDtos.View requestCode(@PathVariable String challengeId,
      @Valid @RequestBody ChallengeDtos.CodeRequestBody body, Caller caller) {
    ChallengeDocument challenge = find(challengeId, caller);
    if (challenge.state() != ChallengeState.ISSUED) {
      throw ProblemException.conflict("challenge-finished", "the challenge is " + challenge.state());
    }
    String provider = body.provider().name();
    var option = (body.factorId() == null ? challenge.provider(provider) : challenge.factor(body.factorId()))
        .filter(way -> way.type().equals(provider))
        .orElseThrow(() -> ProblemException.badRequest("provider-not-available",
            provider + (body.factorId() == null ? "" : " factor " + body.factorId())
                + " is not a way this user can answer"));
    if (option.sendsCode()) {
      return ChallengeDtos.View.of(codes.send(challenge, option, null));
    }
    return ChallengeDtos.View.of(challenges.switchProvider(challengeId, provider, option.factorId(), java.util.List.of())
        .orElseThrow(() -> ProblemException.conflict("challenge-finished", "the challenge was finished meanwhile")));
  }

  @PostMapping("/{challengeId}/verifications")
  @Operation(summary = "Submit a code; VERIFIED, ATTEMPT_FAILED (with attempts left), LOCKED_OUT, EXPIRED (the"
      + " challenge), or CODE_EXPIRED (the SMS or email code; nothing counted, ask for a new one); 409 no-code-sent"
      + " when no code of that provider was sent")
  public ChallengeDtos.Result verify(@PathVariable String challengeId, @Valid @RequestBody ChallengeDtos.Verification body,
      Caller caller) {
    ChallengeDocument challenge = find(challengeId, caller);
    VerificationResult result = verifier.verify(challenge, body.provider() == null ? null : body.provider().name(),
        body.code().trim());
    if (result instanceof VerificationResult.RateLimited limited) {
      throw ProblemException.tooManyRequests("too many code checks; wait before trying again", limited.retryAfter());
    }
    // The result names the user, so a login service checks it signs in the user it asked for.
    String userId = challenge.userId();
    if (result instanceof VerificationResult.Rejected rejected) {
      return new ChallengeDtos.Result(challengeId, userId, "ATTEMPT_FAILED", rejected.attemptsLeft(), null);
    }
    if (result instanceof VerificationResult.CodeExpired expired) {
      return new ChallengeDtos.Result(challengeId, userId, "CODE_EXPIRED", null, expired.nextCodeAt());
    }
    String outcome = result instanceof VerificationResult.Verified ? "VERIFIED"
        : result instanceof VerificationResult.LockedOut ? "LOCKED_OUT" : "EXPIRED";
    return new ChallengeDtos.Result(challengeId, userId, outcome, null, null);
  }

  /** The caller's challenge: another login client's does not exist for it. */
  private ChallengeDocument find(String challengeId, Caller caller) {
    return challenges.find(challengeId).filter(challenge -> challenge.createdBy(caller.userId()))
        .orElseThrow(() -> ProblemException.notFound("challenge " + challengeId));
  }
}
