package io.twofold.policy.domain;

import io.twofold.platform.security.Authority;
import java.util.Optional;

/**
 * Decides which settings apply to a user and whether 2FA is enforced (DESIGN §4). A pure function
 * of its inputs. Whether 2FA is <em>required</em> also depends on the user's factors, which
 * enrollment knows; callers combine the two.
 */
public final class PolicyEvaluator {

  public static final String SYSTEM_SCOPE = "system";

  private PolicyEvaluator() {}

  public static PolicyDecision evaluate(EvaluationRequest request, PolicyState state) {
    boolean systemUser = request.authority() == Authority.SYS_ADMIN || request.tenantId() == null;
    Optional<TenantSettings> tenant =
        systemUser ? Optional.empty() : Optional.of(state.tenant().orElse(TenantSettings.inheriting(request.tenantId())));
    boolean override = tenant.map(t -> !t.useSystemSettings()).orElse(false);

    // A tenant's own limits never loosen the system's, even when the system tightened after them.
    TwoFaSettings effective = override ? Limits.tightest(tenant.get().own().orElseThrow(), state.system()) : state.system();
    String scope = override ? scopeOf(request.tenantId()) : SYSTEM_SCOPE;

    Optional<EnforcementReason> bySystem = systemEnforcement(state.system(), request);
    Optional<EnforcementReason> byTenant = tenant.flatMap(t -> tenantEnforcement(t, request));

    // A tenant override that enables nothing must not switch off the system's enforcement: the
    // user then enrolls and verifies with the system's providers.
    if (bySystem.isPresent() && !effective.hasUsableProvider() && state.system().hasUsableProvider()) {
      effective = state.system();
      scope = SYSTEM_SCOPE;
    }
    Optional<EnforcementReason> matched = bySystem.or(() -> byTenant);
    boolean enforced = matched.isPresent() && effective.hasUsableProvider();
    EnforcementReason reason = matched.isEmpty()
        ? EnforcementReason.NOT_ENFORCED
        : enforced ? matched.get() : EnforcementReason.NO_PROVIDERS_ENABLED;
    return new PolicyDecision(
        scope, effective, enforced, reason, state.systemVersion(), systemUser ? 0 : state.tenantVersion());
  }

  public static String scopeOf(String tenantId) {
    return "tenant:" + tenantId;
  }

  private static Optional<EnforcementReason> systemEnforcement(TwoFaSettings system, EvaluationRequest request) {
    if (!system.enforceTwoFa() || system.enforcedUsersFilter().isEmpty()) {
      return Optional.empty();
    }
    EnforcedUsersFilter filter = system.enforcedUsersFilter().get();
    return switch (filter.filterType()) {
      case ALL_USERS -> Optional.of(EnforcementReason.ALL_USERS);
      case SYSTEM_ADMINISTRATORS -> request.authority() == Authority.SYS_ADMIN
          ? Optional.of(EnforcementReason.SYSTEM_ADMINISTRATORS) : Optional.empty();
      case TENANT_ADMINISTRATORS -> {
        if (request.authority() != Authority.TENANT_ADMIN) {
          yield Optional.empty();
        }
        if (!filter.tenantsIds().isEmpty()) {
          yield filter.tenantsIds().contains(request.tenantId())
              ? Optional.of(EnforcementReason.TENANT_ADMINISTRATORS_OF_TENANT) : Optional.empty();
        }
        if (!filter.tenantProfilesIds().isEmpty()) {
          yield request.tenantProfileId() != null && filter.tenantProfilesIds().contains(request.tenantProfileId())
              ? Optional.of(EnforcementReason.TENANT_ADMINISTRATORS_OF_TENANT_PROFILE) : Optional.empty();
        }
        yield Optional.of(EnforcementReason.TENANT_ADMINISTRATORS);
      }
    };
  }

  private static Optional<EnforcementReason> tenantEnforcement(TenantSettings tenant, EvaluationRequest request) {
    return tenant.enforcement().flatMap(filter -> switch (filter.filterType()) {
      case ALL_USERS -> Optional.of(EnforcementReason.TENANT_ALL_USERS);
      case TENANT_ADMINISTRATORS -> request.authority() == Authority.TENANT_ADMIN
          ? Optional.of(EnforcementReason.TENANT_OWN_ADMINISTRATORS) : Optional.empty();
      case SYSTEM_ADMINISTRATORS -> Optional.empty();
    });
  }
}
