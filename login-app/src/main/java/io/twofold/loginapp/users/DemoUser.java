package io.twofold.loginapp.users;

/** A user of the platform this app stands for, as its login service knows them. */
public record DemoUser(String id, String authority, String tenantId, String tenantProfileId, String customerId,
    String email) {

  public boolean isSystemAdmin() {
    return "SYS_ADMIN".equals(authority);
  }

  public boolean isTenantAdmin() {
    return "TENANT_ADMIN".equals(authority);
  }
}
