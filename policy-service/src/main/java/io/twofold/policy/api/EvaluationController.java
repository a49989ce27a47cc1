package io.twofold.policy.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Authority;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.app.SettingsService;
import io.twofold.policy.domain.EvaluationRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Policy evaluation for a user, for Twofold's services ({@code twofold.internal}), login services
 * ({@code twofold.login}) and administrators (a tenant administrator for its own tenant's users).
 */
@RestController
@RequestMapping("/api/v1/policy")
@Tag(name = "Policy evaluation")
public class EvaluationController {

  private final SettingsService settings;

  public EvaluationController(SettingsService settings) {
    this.settings = settings;
  }

  @PostMapping("/evaluations")
  @Allow(Permission.EVALUATE_POLICY)
  @Operation(summary = "Effective providers, limits and enforcement for a user")
  public EvaluationDto evaluate(@Valid @RequestBody EvaluationRequestDto body, Caller caller) {
    if (!caller.reaches(Permission.EVALUATE_POLICY, body.tenantId())) {
      throw ProblemException.forbidden("a tenant administrator evaluates policy for its own tenant's users only");
    }
    if (body.authority() != Authority.SYS_ADMIN && (body.tenantId() == null || body.tenantId().isBlank())) {
      throw ProblemException.invalidFields(List.of(
          ProblemException.fieldError("tenantId", "required for " + body.authority())));
    }
    return SettingsMapper.toDto(settings.evaluate(new EvaluationRequest(
        body.userId(), body.authority(), body.tenantId(), body.tenantProfileId(), body.customerId())));
  }
}
