package io.twofold.policy.domain;

/** A second-factor method an administrator can enable. */
public enum ProviderType {
  TOTP,
  SMS,
  EMAIL,
  BACKUP_CODE
}
