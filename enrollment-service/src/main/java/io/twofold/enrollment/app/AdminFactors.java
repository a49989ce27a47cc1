package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.kafka.FactorEventPublisher;
import io.twofold.enrollment.store.BackupCodeStore;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Administrators' view and reset of users' 2FA (ThingsBoard #14983, #10027). */
@Service
public class AdminFactors {

  private final FactorStore factors;
  private final SecretStore secrets;
  private final BackupCodeStore backupCodes;
  private final FactorEventPublisher events;

  public AdminFactors(FactorStore factors, SecretStore secrets, BackupCodeStore backupCodes, FactorEventPublisher events) {
    this.factors = factors;
    this.secrets = secrets;
    this.backupCodes = backupCodes;
    this.events = events;
  }

  /** A user's factors within a tenant: another tenant's user looks like a user without factors. */
  public List<Factor> factorsOf(String tenantId, String userId) {
    return factors.ofUser(userId).stream().filter(f -> tenantId.equals(f.tenantId())).toList();
  }

  /** Removes every factor, secret and backup code of the user; audited as RESET_BY_ADMIN. */
  public boolean reset(String tenantId, String userId, String adminId) {
    if (factorsOf(tenantId, userId).isEmpty() && backupCodes.total(userId) == 0) {
      return false;
    }
    factors.removeAll(userId);
    secrets.removeAll(userId);
    backupCodes.removeAll(userId);
    events.resetByAdmin(userId, tenantId, adminId);
    return true;
  }

  /** Users of a tenant with at least one active factor, in all and per type (backup codes included). */
  public Coverage coverage(String tenantId) {
    List<Factor> active = factors.activeOfTenant(tenantId);
    Map<String, Long> byType = new TreeMap<>();
    active.stream().collect(Collectors.groupingBy(f -> f.type().name(),
            Collectors.mapping(Factor::userId, Collectors.toSet())))
        .forEach((type, users) -> byType.put(type, (long) users.size()));
    List<String> withBackup = backupCodes.usersOfTenant(tenantId);
    if (!withBackup.isEmpty()) {
      byType.put("BACKUP_CODE", (long) withBackup.size());
    }
    Set<String> users = new HashSet<>();
    active.forEach(f -> users.add(f.userId()));
    return new Coverage(tenantId, users.size(), byType);
  }

  /** Enrolled users of a tenant. */
  public record Coverage(String tenantId, long usersWithTwoFa, Map<String, Long> usersByType) {}
}
