package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.kafka.FactorEventPublisher;
import io.twofold.enrollment.store.BackupCodeStore;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.platform.outbox.Proof;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.stereotype.Service;

/**
 * Administrators' view and reset of users' 2FA (ThingsBoard #14983, #10027). A tenant
 * administrator sees and resets what its user holds in its tenant, and nothing of another tenant's
 * users or of system administrators; a system administrator sees and resets anyone's, another
 * system administrator's too (the lost-phone case #14983 is about). Every reset is a {@code
 * FactorEvent RESET_BY_ADMIN} naming the administrator.
 */
@Service
public class AdminFactors {

  private final FactorStore factors;
  private final SecretStore secrets;
  private final BackupCodeStore backupCodes;
  private final FactorEventPublisher events;
  private final Clock clock;

  public AdminFactors(FactorStore factors, SecretStore secrets, BackupCodeStore backupCodes, FactorEventPublisher events,
      Clock clock) {
    this.factors = factors;
    this.secrets = secrets;
    this.backupCodes = backupCodes;
    this.events = events;
    this.clock = clock;
  }

  /** A user's factors within a tenant: another tenant's user looks like a user without factors. */
  public List<Factor> factorsOf(String tenantId, String userId) {
    return factorsOf(userId).stream().filter(f -> tenantId.equals(f.tenantId())).toList();
  }

  /** All of a user's factors, whatever its tenant (system administrators). */
  public List<Factor> factorsOf(String userId) {
    Instant now = clock.instant();
    return factors.ofUser(userId).stream().filter(f -> !f.isExpired(now)).toList();
  }

  /**
   * Removes every factor, secret and backup code the user holds in the tenant.
   *
   * @return false if it holds none there (nothing to reset)
   */
  public boolean reset(String tenantId, String userId, String adminId) {
    List<Factor> held = factors.ofUser(userId).stream().filter(f -> tenantId.equals(f.tenantId())).toList();
    if (held.isEmpty() && backupCodes.total(userId, tenantId) == 0) {
      return false;
    }
    var reset = events.resetByAdmin(userId, tenantId, adminId, new Proof.Gone(FactorStore.COLLECTION,
        new Document("userId", userId).append("tenantId", tenantId)));
    factors.removeAll(userId, tenantId);
    secrets.removeAll(held.stream().map(Factor::id).toList());
    backupCodes.removeAll(userId, tenantId);
    events.release(reset);
    return true;
  }

  /**
   * Removes every factor, secret and backup code of the user, in any tenant or none.
   *
   * @return false if it holds none (nothing to reset)
   */
  public boolean reset(String userId, String adminId) {
    List<Factor> held = factors.ofUser(userId);
    if (held.isEmpty() && backupCodes.total(userId) == 0) {
      return false;
    }
    Set<String> tenants = new HashSet<>();
    held.forEach(f -> tenants.add(f.tenantId() == null ? "" : f.tenantId()));
    if (tenants.isEmpty()) {
      tenants.add("");
    }
    Proof gone = new Proof.Gone(FactorStore.COLLECTION, new Document("userId", userId));
    var resets = tenants.stream().map(tenant -> events.resetByAdmin(userId, tenant.isEmpty() ? null : tenant, adminId,
        gone)).toArray(io.twofold.platform.outbox.Outbox.Pending[]::new);
    factors.removeAll(userId);
    secrets.removeAll(userId);
    backupCodes.removeAll(userId);
    events.release(resets);
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
