package io.twofold.policy.domain;

/** Why 2FA is, or is not, mandatory for a user. */
public enum EnforcementReason {
  NOT_ENFORCED,
  /** System enforcement for every user. */
  ALL_USERS,
  SYSTEM_ADMINISTRATORS,
  /** System enforcement for every tenant administrator. */
  TENANT_ADMINISTRATORS,
  /** System enforcement for administrators of selected tenants, this one among them. */
  TENANT_ADMINISTRATORS_OF_TENANT,
  /** System enforcement for administrators of tenants with selected profiles. */
  TENANT_ADMINISTRATORS_OF_TENANT_PROFILE,
  /** The tenant enforces 2FA for all its users. */
  TENANT_ALL_USERS,
  /** The tenant enforces 2FA for its administrators. */
  TENANT_OWN_ADMINISTRATORS,
  /** A filter matched, but no usable provider is enabled, so nobody could comply. */
  NO_PROVIDERS_ENABLED
}
