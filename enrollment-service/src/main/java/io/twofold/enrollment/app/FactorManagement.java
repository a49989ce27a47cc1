package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.kafka.FactorEventPublisher;
import io.twofold.enrollment.store.BackupCodeStore;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.platform.web.ProblemException;
import io.twofold.schemas.enrollment.FactorChange;
import java.time.Clock;
import java.time.Instant;
import io.twofold.platform.outbox.Proof;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Service;

/** A user's own factors: listing, the default, and removal with its rules. */
@Service
public class FactorManagement {

  private final FactorStore factors;
  private final SecretStore secrets;
  private final BackupCodeStore backupCodes;
  private final PolicyAccess policy;
  private final FactorEventPublisher events;
  private final Clock clock;

  public FactorManagement(FactorStore factors, SecretStore secrets, BackupCodeStore backupCodes,
      PolicyAccess policy, FactorEventPublisher events, Clock clock) {
    this.factors = factors;
    this.secrets = secrets;
    this.backupCodes = backupCodes;
    this.policy = policy;
    this.events = events;
    this.clock = clock;
  }

  /** The user's factors, oldest first; pending ones nobody confirmed in time are gone. */
  public List<Factor> list(String userId) {
    Instant now = clock.instant();
    return factors.ofUser(userId).stream().filter(factor -> !factor.isExpired(now)).toList();
  }

  public long backupCodesLeft(String userId) {
    return backupCodes.remaining(userId);
  }

  public Factor makeDefault(String userId, String factorId) {
    Factor factor = owned(userId, factorId);
    if (!factor.isActive()) {
      throw new EnrollmentRefused("not-confirmed", "only a confirmed factor can be the default");
    }
    var changed = events.factorChanged(FactorChange.DEFAULT_CHANGED, factor, FactorEnrollment.proof(factorId));
    factors.makeDefault(userId, factorId, List.of(changed.eventId()));
    events.release(changed);
    return owned(userId, factorId);
  }

  /**
   * Removes a factor. An enforced user keeps at least one active factor; when the last active
   * factor goes, the backup codes go with it (they never stand alone); when the default goes,
   * the oldest remaining active factor becomes the default.
   */
  public void remove(EnrollingUser user, String factorId) {
    Factor factor = owned(user.userId(), factorId);
    List<Factor> otherActive = factors.ofUser(user.userId()).stream()
        .filter(f -> f.isActive() && !f.id().equals(factorId)).toList();
    if (factor.isActive() && otherActive.isEmpty() && policy.of(user).enforced()) {
      throw new EnrollmentRefused("last-factor-enforced",
          "2FA is enforced for this user: its last factor cannot be removed");
    }
    var removed = events.factorChanged(FactorChange.REMOVED, factor,
        new Proof.Gone(FactorStore.COLLECTION, new Document("_id", factorId)));
    if (!factors.remove(user.userId(), factorId)) {
      events.discard(removed);
      throw ProblemException.notFound("factor " + factorId);
    }
    events.release(removed);
    secrets.remove(factorId);
    if (otherActive.isEmpty() && backupCodes.total(user.userId()) > 0) {
      var codesGone = events.backupCodes(FactorChange.REMOVED, user.userId(), user.tenantId(), 0,
          new Proof.Gone(BackupCodeStore.COLLECTION, new Document("userId", user.userId())));
      backupCodes.removeAll(user.userId());
      events.release(codesGone);
    }
    if (factor.isDefault() && !otherActive.isEmpty()) {
      Factor next = otherActive.stream().min(Comparator.comparing(Factor::createdAt)).orElseThrow();
      var madeDefault = events.factorChanged(FactorChange.DEFAULT_CHANGED, next, FactorEnrollment.proof(next.id()));
      factors.makeDefault(user.userId(), next.id(), List.of(madeDefault.eventId()));
      events.release(madeDefault);
    }
  }

  private Factor owned(String userId, String factorId) {
    return factors.find(userId, factorId).orElseThrow(() -> ProblemException.notFound("factor " + factorId));
  }
}
