package io.twofold.platform.security;

/** The platform role carried in a token's {@code authority} claim (DESIGN §6). */
public enum Authority {
  SYS_ADMIN,
  TENANT_ADMIN,
  CUSTOMER_USER
}
