package io.twofold.policy.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.policy.app.SettingsService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * System settings (system administrators) and tenant settings (system administrators, and a
 * tenant's own administrators: the {@code {tenantId}} of the path is checked against the token's by
 * the platform's permission model). Writes carry the version that was read; a stale one gets 409.
 */
@RestController
@RequestMapping("/api/v1/settings")
@Validated
@Tag(name = "2FA settings")
public class SettingsController {

  /** Tenant ids as they appear in paths: ids, not expressions. */
  static final String TENANT_ID = "[A-Za-z0-9._:-]{1,200}";

  private final SettingsService settings;

  public SettingsController(SettingsService settings) {
    this.settings = settings;
  }

  @GetMapping("/system")
  @Allow(Permission.READ_SYSTEM_SETTINGS)
  @Operation(summary = "Read the system 2FA settings")
  public SystemSettingsDto system() {
    var current = settings.system();
    return SettingsMapper.toDto(current.value(), current.version());
  }

  @PutMapping("/system")
  @Allow(Permission.CHANGE_SYSTEM_SETTINGS)
  @Operation(summary = "Replace the system 2FA settings (providers, limits, enforcement)")
  public SystemSettingsDto updateSystem(@Valid @RequestBody SystemSettingsDto body, Caller caller) {
    var updated = settings.updateSystem(SettingsMapper.toSettings(body), body.version(), caller.userId());
    return SettingsMapper.toDto(updated.value(), updated.version());
  }

  @GetMapping("/tenants/{tenantId}")
  @Allow(Permission.MANAGE_TENANT_SETTINGS)
  @Operation(summary = "Read a tenant's 2FA settings")
  public TenantSettingsDto tenant(@PathVariable @Pattern(regexp = TENANT_ID) String tenantId) {
    var current = settings.tenant(tenantId);
    return SettingsMapper.toDto(current.value(), current.version());
  }

  @PutMapping("/tenants/{tenantId}")
  @Allow(Permission.MANAGE_TENANT_SETTINGS)
  @Operation(summary = "Replace a tenant's 2FA settings, or its enforcement for its own users."
      + " Its own limits may be stricter than the system's, never looser; left-out values are the system's.")
  public TenantSettingsDto updateTenant(
      @PathVariable @Pattern(regexp = TENANT_ID) String tenantId,
      @Valid @RequestBody TenantSettingsDto body,
      Caller caller) {
    var updated = settings.updateTenant(SettingsMapper.toTenant(tenantId, body, settings.system().value()),
        body.version(), caller.userId());
    return SettingsMapper.toDto(updated.value(), updated.version());
  }

  @DeleteMapping("/tenants/{tenantId}")
  @Allow(Permission.MANAGE_TENANT_SETTINGS)
  @Operation(summary = "Reset a tenant to the system settings (and drop its own enforcement)")
  public TenantSettingsDto resetTenant(
      @PathVariable @Pattern(regexp = TENANT_ID) String tenantId,
      @RequestParam @Min(0) long version,
      Caller caller) {
    var reset = settings.resetTenant(tenantId, version, caller.userId());
    return SettingsMapper.toDto(reset.value(), reset.version());
  }
}
