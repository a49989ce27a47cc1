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
 * Administrators of a tenant (and system administrators): that tenant's users' factors (no
 * secrets), resets, coverage. What a user holds in another tenant, or as a system administrator, is
 * not there for a tenant's administrator: it looks like a user without 2FA (404 on reset).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
@Tag(name = "Administration")
@Allow(Permission.ADMINISTER_TENANT_USERS_FACTORS)
public class AdminController {

  private final AdminFactors admin;

  public AdminController(AdminFactors admin) {
    this.admin = admin;
  }

  @GetMapping("/users/{userId}/factors")
  @Operation(summary = "A user's factors in this tenant, without secrets")
  public List<FactorDto> factors(@PathVariable String tenantId, @PathVariable String userId) {
    return admin.factorsOf(tenantId, userId).stream().map(FactorDto::of).toList();
  }

  @DeleteMapping("/users/{userId}/factors")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Reset a user's 2FA in this tenant: every factor and backup code is removed (audited)")
  public void reset(@PathVariable String tenantId, @PathVariable String userId, Caller caller) {
    if (!admin.reset(tenantId, userId, caller.userId())) {
      throw ProblemException.notFound("2FA of user " + userId + " in tenant " + tenantId);
    }
  }

  @GetMapping("/coverage")
  @Operation(summary = "How many of the tenant's users have 2FA, per factor type")
  public AdminFactors.Coverage coverage(@PathVariable String tenantId) {
    return admin.coverage(tenantId);
  }
}
