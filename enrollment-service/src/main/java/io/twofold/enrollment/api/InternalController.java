package io.twofold.enrollment.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.enrollment.app.BackupCodeService;
import io.twofold.enrollment.app.FactorManagement;
import io.twofold.enrollment.app.FactorVerification;
import io.twofold.enrollment.domain.Factor;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Permission;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For challenge-service only ({@code twofold.internal}): a user's active factors with their
 * destinations, and verification of TOTP and backup codes. User tokens are refused.
 */
@RestController
@RequestMapping("/internal/v1/users/{userId}")
@Tag(name = "Internal")
public class InternalController {

  private final FactorManagement factors;
  private final FactorVerification verification;
  private final BackupCodeService backupCodes;

  public InternalController(FactorManagement factors, FactorVerification verification, BackupCodeService backupCodes) {
    this.factors = factors;
    this.verification = verification;
    this.backupCodes = backupCodes;
  }

  @GetMapping("/factors")
  @Allow(Permission.READ_FACTORS_FOR_SIGN_IN)
  @Operation(summary = "Active factors with destinations, and backup codes left",
      description = "backupCodesLeft is counted only with backupCodes=true (the default) and when the user has an"
          + " active factor (backup codes are never a way in alone); otherwise it is null. A sign-in whose"
          + " policy does not offer backup codes asks without them: one database round trip less.")
  public Map<String, Object> activeFactors(@PathVariable String userId,
      @RequestParam(defaultValue = "true") boolean backupCodes) {
    List<Map<String, Object>> active = new ArrayList<>();
    for (Factor factor : factors.list(userId)) {
      if (factor.isActive()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", factor.id());
        entry.put("type", factor.type());
        entry.put("label", factor.label());
        entry.put("isDefault", factor.isDefault());
        entry.put("destination", factor.destination());
        entry.put("maskedDestination", factor.maskedDestination().orElse(null));
        active.add(entry);
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("factors", active);
    answer.put("backupCodesLeft", backupCodes && !active.isEmpty() ? factors.backupCodesLeft(userId) : null);
    return answer;
  }

  @PostMapping("/totp-verifications")
  @Allow(Permission.VERIFY_CODES_FOR_SIGN_IN)
  @Operation(summary = "Check a TOTP code; a code's time step is accepted once")
  public Map<String, Object> verifyTotp(@PathVariable String userId, @Valid @RequestBody Requests.TotpCheck body) {
    return verification.verifyTotp(userId, body.code())
        .<Map<String, Object>>map(factor -> Map.of("verified", true, "factorId", factor.id()))
        .orElse(Map.of("verified", false));
  }

  @PostMapping("/backup-code-verifications")
  @Allow(Permission.VERIFY_CODES_FOR_SIGN_IN)
  @Operation(summary = "Use a backup code; each code works once")
  public Map<String, Object> verifyBackupCode(
      @PathVariable String userId, @Valid @RequestBody Requests.BackupCodeCheck body) {
    var left = backupCodes.use(userId, body.code());
    return left.isPresent()
        ? Map.of("verified", true, "backupCodesLeft", left.getAsLong())
        : Map.of("verified", false);
  }
}
