package io.twofold.enrollment.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.enrollment.app.EnrollingUser;
import io.twofold.enrollment.app.StepUp;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Permission;
import jakarta.validation.Valid;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Step-up for the account page: prove a second factor again, get a grant that lets the user add or
 * remove factors and make backup codes for a few minutes.
 */
@RestController
@RequestMapping("/api/v1/me/step-up")
@Tag(name = "My factors")
@Allow(Permission.STEP_UP)
public class StepUpController {

  private final StepUp stepUp;

  public StepUpController(StepUp stepUp) {
    this.stepUp = stepUp;
  }

  @PostMapping
  @Operation(summary = "Prove a second factor: a current authenticator code or a backup code (no factorId), or the"
      + " code sent to factorId. The stepUpToken goes in the " + StepUp.HEADER + " header of the changes.")
  public Granted prove(@Valid @RequestBody Requests.StepUpProof body, EnrollingUser user) {
    StepUp.Grant grant = stepUp.prove(user, body.factorId(), body.code().trim());
    return new Granted(grant.token(), grant.expiresAt());
  }

  @PostMapping("/code-requests")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Send a step-up code to one of my active SMS or email factors (obeys the send period)")
  public void sendCode(@Valid @RequestBody Requests.StepUpCodeRequest body, EnrollingUser user) {
    stepUp.sendCode(user, body.factorId());
  }

  /** A step-up grant: the token for the {@value StepUp#HEADER} header, and when it ends. */
  public record Granted(String stepUpToken, Instant expiresAt) {}
}
