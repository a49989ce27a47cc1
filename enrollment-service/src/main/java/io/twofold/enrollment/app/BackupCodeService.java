package io.twofold.enrollment.app;

import io.twofold.enrollment.backup.BackupCodes;
import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.kafka.FactorEventPublisher;
import io.twofold.enrollment.store.BackupCodeStore;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.platform.crypto.PepperedHasher;
import io.twofold.policy.client.PolicyView;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.platform.outbox.Proof;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;

/** Generating backup codes (shown once) and using them (each once). */
@Service
public class BackupCodeService {

  private final BackupCodeStore store;
  private final FactorStore factors;
  private final PolicyAccess policy;
  private final PepperedHasher hasher;
  private final FactorEventPublisher events;
  private final SecureRandom random;
  private final Clock clock;

  public BackupCodeService(BackupCodeStore store, FactorStore factors, PolicyAccess policy, PepperedHasher hasher,
      FactorEventPublisher events, SecureRandom random, Clock clock) {
    this.store = store;
    this.factors = factors;
    this.policy = policy;
    this.hasher = hasher;
    this.events = events;
    this.random = random;
    this.clock = clock;
  }

  /** Replaces all of the user's codes; the plain codes exist only in this return value. */
  public List<String> generate(EnrollingUser user) {
    PolicyView view = policy.of(user);
    PolicyView.Provider provider = policy.require(view, "BACKUP_CODE");
    if (factors.ofUser(user.userId()).stream().noneMatch(Factor::isActive)) {
      throw new EnrollmentRefused("backup-codes-need-another-factor",
          "backup codes can only be generated while another factor is active");
    }
    int count = provider.codesQuantity() == null ? 10 : provider.codesQuantity();
    List<String> codes = BackupCodes.generate(count, random);
    List<String> hashes = codes.stream().map(code -> hasher.hash(BackupCodes.normalize(code))).toList();
    var generated = events.backupCodes(FactorChange.BACKUP_CODES_GENERATED, user.userId(), user.tenantId(), count,
        new Proof.Marked(BackupCodeStore.COLLECTION, BackupCodeStore.idOf(user.userId(), hashes.get(0))));
    store.replace(user.userId(), user.tenantId(), hashes, clock.instant(), generated.eventId());
    events.release(generated);
    return codes;
  }

  /**
   * Uses a code: at most one of any number of parallel uses of the same code succeeds.
   *
   * @return the codes left, if the code was valid and unused
   */
  public java.util.OptionalLong use(String userId, String code) {
    if (!BackupCodes.wellFormed(code)) {
      return java.util.OptionalLong.empty();
    }
    String hash = hasher.hash(BackupCodes.normalize(code));
    var stored = store.find(userId, hash).filter(found -> !found.used());
    if (stored.isEmpty()) {
      return java.util.OptionalLong.empty();
    }
    long left = store.remaining(userId) - 1;
    var used = events.backupCodes(FactorChange.BACKUP_CODE_USED, userId, stored.get().tenantId(), left,
        new Proof.Marked(BackupCodeStore.COLLECTION, BackupCodeStore.idOf(userId, hash)));
    if (store.consume(userId, hash, clock.instant(), used.eventId()).isEmpty()) {
      events.discard(used); // a parallel use took it first
      return java.util.OptionalLong.empty();
    }
    events.release(used);
    return java.util.OptionalLong.of(left);
  }
}
