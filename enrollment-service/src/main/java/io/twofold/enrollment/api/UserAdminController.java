package io.twofold.enrollment.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.enrollment.app.AdminFactors;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * System administrators: any user's factors and reset, whatever its tenant, system administrators
 * included — they have no tenant, so no tenant's administrator can help one who lost its phone
 * (ThingsBoard #14983).
 */
@RestController
@RequestMapping("/api/v1/users/{userId}/factors")
@Tag(name = "Administration")
@Allow(Permission.ADMINISTER_ANY_USERS_FACTORS)
public class UserAdminController {

  private final AdminFactors admin;

  public UserAdminController(AdminFactors admin) {
    this.admin = admin;
  }

  @GetMapping
  @Operation(summary = "A user's factors in any tenant, without secrets")
  public List<FactorDto> factors(@PathVariable String userId) {
    return admin.factorsOf(userId).stream().map(FactorDto::of).toList();
  }

  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Reset a user's 2FA everywhere: every factor and backup code is removed (audited)")
  public void reset(@PathVariable String userId, Caller caller) {
    if (!admin.reset(userId, caller.userId())) {
      throw ProblemException.notFound("2FA of user " + userId);
    }
  }
}
