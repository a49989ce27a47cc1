package io.twofold.challenge.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.platform.limit.RateLimit;
import io.twofold.platform.limit.SlidingLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * 2FA failures per user across challenges, code checks per user and provider, and lockouts. Failures
 * are counted apart from password failures (ThingsBoard counted both in one counter, which a
 * correct password reset). A check is admitted, and counted, before its code is compared: parallel
 * guesses cannot exceed a limit.
 *
 * <p>One document per user in {@code challenge_attempts} guards a check: the failures counted
 * ({@code count}), the times of the last checks of each provider ({@code checks.<provider>}, a
 * sliding log as {@link io.twofold.platform.limit.MongoRateLimiter} keeps) and, once the user is
 * locked, since when ({@code lockedAt}). Admitting a check is then one conditional update of that
 * document — not locked, fewer than the maximum failures, room in the check log — where it was a
 * lockout read, a rate-limit update and a counter update (issue 16). The lockout itself, with its
 * event's proof, stays in {@code challenge_lockouts}, which administrators unlock.
 */
@Component
public class LockoutStore implements org.springframework.beans.factory.SmartInitializingSingleton {

  private static final String ATTEMPTS = "challenge_attempts";
  private static final String LOCKOUTS = "challenge_lockouts";
  private static final String COUNT = "count";
  private static final String CHECKS = "checks";
  private static final String LOCKED_AT = "lockedAt";

  private final MongoTemplate mongo;

  public LockoutStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * Locks stored before the guard document carried them (2026-12-02) are copied into it at start,
   * so that they stay binding when a tenant raises its failure limit. Idempotent.
   */
  @Override
  public void afterSingletonsInstantiated() {
    for (Document lock : mongo.findAll(Document.class, LOCKOUTS)) {
      lockGuard(lock.getString("_id"), lock.getDate(LOCKED_AT).toInstant());
    }
  }

  /** Marks the user's guard locked, unless it is already. */
  private void lockGuard(String userId, Instant since) {
    try {
      mongo.upsert(new Query(where("_id").is(userId).and(LOCKED_AT).exists(false)), new Update().set(LOCKED_AT, since),
          ATTEMPTS);
    } catch (DuplicateKeyException lockedAlready) {
      // the guard exists and is locked
    }
  }

  /** What a code check may do. */
  public sealed interface Admission {

    /**
     * Counted: {@code attempt} is the failure's number if it fails (null when failures are not
     * counted), {@code checkAt} the check's place in the log (null without a check limit).
     */
    record Admitted(Integer attempt, Long checkAt) implements Admission {}

    /** The user is locked. */
    record Locked(Instant since) implements Admission {}

    /** The provider's checks are used up for now. */
    record ChecksUsedUp(Duration retryAfter) implements Admission {}

    /** The failures reached the maximum and the user is not locked yet: the caller locks. */
    record FailuresReached() implements Admission {}
  }

  /**
   * Admits one code check of a user by a provider, counting it as a failure and as a check, in one
   * conditional update, unless the user is locked, has {@code maxFailures} failures counted since
   * the last success or unlock, or has used up the provider's checks.
   *
   * @param maxFailures 0 when failures are not counted
   * @param checks the check rate limit per user and provider, if any
   */
  public Admission admit(String userId, String provider, int maxFailures, Optional<RateLimit> checks, Instant now) {
    if (maxFailures <= 0 && checks.isEmpty()) {
      return lockedAt(mongo.findById(userId, Document.class, ATTEMPTS)) // nothing to count
          .<Admission>map(Admission.Locked::new).orElse(new Admission.Admitted(null, null));
    }
    long at = now.toEpochMilli();
    String log = CHECKS + "." + provider;
    Criteria guard = where("_id").is(userId).and(LOCKED_AT).exists(false);
    Update update = new Update();
    if (maxFailures > 0) {
      guard = guard.and(COUNT).not().gte(maxFailures); // a document without a count has none
      update.inc(COUNT, 1);
    }
    if (checks.isPresent()) {
      guard = guard.andOperator(SlidingLog.roomLeft(log, checks.get(), at));
      SlidingLog.record(update, log, checks.get(), at);
    }
    for (int round = 1; round <= 3; round++) {
      try {
        Document counted = mongo.findAndModify(new Query(guard), update,
            FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, ATTEMPTS);
        return new Admission.Admitted(maxFailures > 0 ? ((Number) counted.get(COUNT)).intValue() : null,
            checks.isPresent() ? at : null);
      } catch (DuplicateKeyException refused) {
        // the document exists and refuses the check (or was created concurrently): see why
      }
      Document current = mongo.findById(userId, Document.class, ATTEMPTS);
      if (current == null) {
        continue; // created and removed meanwhile (an unlock): try again
      }
      Optional<Instant> locked = lockedAt(current);
      if (locked.isPresent()) {
        return new Admission.Locked(locked.get());
      }
      Optional<Duration> wait = checks.flatMap(limit ->
          SlidingLog.retryAfter(current.get(CHECKS, new Document()).getList(provider, Object.class, List.of()), limit, at));
      if (wait.isPresent()) {
        return new Admission.ChecksUsedUp(wait.get());
      }
      Number count = current.get(COUNT, Number.class);
      if (maxFailures > 0 && count != null && count.intValue() >= maxFailures) {
        return new Admission.FailuresReached();
      }
      // the document changed between the update and the read: try again
    }
    return new Admission.ChecksUsedUp(Duration.ofSeconds(1));
  }

  private static Optional<Instant> lockedAt(Document guard) {
    return Optional.ofNullable(guard).map(document -> document.getDate(LOCKED_AT)).map(java.util.Date::toInstant);
  }

  /**
   * Gives back a check whose code could not be compared (the checking service was down, the code's
   * key is gone): the caller learnt nothing, so it must not move toward lockout or the check limit.
   */
  public void giveBack(String userId, String provider, Admission.Admitted admitted) {
    release(userId, provider, admitted, new Update().inc(COUNT, -1));
  }

  /**
   * A right code forgives the failures before it and uses up no check (the limit bounds guesses,
   * and a success ends the challenge): one update.
   */
  public void succeeded(String userId, String provider, Admission.Admitted admitted) {
    release(userId, provider, admitted, new Update().set(COUNT, 0));
  }

  /** Takes the admitted check out of the provider's log and applies {@code counted} to the failures, where counted. */
  private void release(String userId, String provider, Admission.Admitted admitted, Update counted) {
    Update update = admitted.attempt() != null ? counted : new Update();
    if (admitted.checkAt() != null) {
      update.pull(CHECKS + "." + provider, admitted.checkAt());
    }
    if (!update.getUpdateObject().isEmpty()) {
      mongo.updateFirst(new Query(where("_id").is(userId)), update, ATTEMPTS);
    }
  }

  /** Forgets a user's failures and checks (an administrator's unlock). */
  public void clearAttempts(String userId) {
    mongo.remove(new Query(where("_id").is(userId)), ATTEMPTS);
  }

  /**
   * @param event the id of the event this lock is the proof of
   * @return true if this call locked the user (it was not locked before)
   */
  public boolean lock(String userId, String tenantId, String reason, int failures, Instant now, String event) {
    boolean locked;
    try {
      mongo.insert(new Document("_id", userId).append("tenantId", tenantId).append("reason", reason)
          .append("failures", failures).append(LOCKED_AT, now)
          .append(io.twofold.platform.outbox.Outbox.MARKS, java.util.List.of(event)), LOCKOUTS);
      locked = true;
    } catch (DuplicateKeyException alreadyLocked) {
      locked = false;
    }
    // Then the guard, which refuses the user's checks from now on (after the lockout, never before
    // it: a guard locked without a lockout could not be unlocked).
    lockGuard(userId, now);
    return locked;
  }

  public Optional<Instant> lockedSince(String userId) {
    Document lock = mongo.findById(userId, Document.class, LOCKOUTS);
    return lock == null ? Optional.empty() : Optional.of(lock.getDate("lockedAt").toInstant());
  }

  /** A user's lock: its tenant (null for a user without tenant) and since when. */
  public record Lock(String userId, String tenantId, Instant lockedAt) {

    /** What is gone once this lock is lifted (a later lock of the same user has another time). */
    public Document filter() {
      return new Document("_id", userId).append("lockedAt", java.util.Date.from(lockedAt));
    }
  }

  public Optional<Lock> lockOf(String userId) {
    Document lock = mongo.findById(userId, Document.class, LOCKOUTS);
    return lock == null ? Optional.empty()
        : Optional.of(new Lock(userId, lock.getString("tenantId"), lock.getDate("lockedAt").toInstant()));
  }

  public static String collection() {
    return LOCKOUTS;
  }

  /** @return true if the user was locked */
  public boolean unlock(String userId) {
    clearAttempts(userId);
    return mongo.remove(new Query(where("_id").is(userId)), LOCKOUTS).getDeletedCount() == 1;
  }
}
