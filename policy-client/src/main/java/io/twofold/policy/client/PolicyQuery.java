package io.twofold.policy.client;

import java.util.Objects;

/**
 * What policy evaluation depends on. The user id is not part of it: two users with the same role,
 * tenant and tenant profile get the same policy, so one cached answer serves both.
 *
 * @param authority SYS_ADMIN, TENANT_ADMIN or CUSTOMER_USER
 */
public record PolicyQuery(String authority, String tenantId, String tenantProfileId) {

  public PolicyQuery {
    Objects.requireNonNull(authority, "authority");
  }
}
