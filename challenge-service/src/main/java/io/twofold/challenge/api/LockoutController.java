package io.twofold.challenge.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.LockoutStore;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import io.twofold.platform.outbox.Proof;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import io.twofold.schemas.challenge.LockoutState;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators lift a user's 2FA lockout (system administrators, or the user's tenant's). To a
 * tenant administrator, a user of another tenant is never locked (404, as for a user who is not):
 * the answer says nothing about users it may not administer.
 */
@RestController
@RequestMapping("/api/v1/lockouts")
@Tag(name = "Lockouts")
@Allow(Permission.UNLOCK_USERS)
public class LockoutController {

  private final LockoutStore lockouts;
  private final ChallengePublisher events;

  public LockoutController(LockoutStore lockouts, ChallengePublisher events) {
    this.lockouts = lockouts;
    this.events = events;
  }

  @DeleteMapping("/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Unlock a user locked out after too many failed codes")
  public void unlock(@PathVariable String userId, Caller caller) {
    LockoutStore.Lock lock = lockouts.lockOf(userId)
        .filter(locked -> caller.reaches(Permission.UNLOCK_USERS, locked.tenantId()))
        .orElseThrow(() -> ProblemException.notFound("lockout of " + userId));
    var unlocked = events.lockout(userId, lock.tenantId(), LockoutState.UNLOCKED, "admin-unlock", null,
        caller.userId(), new Proof.Gone(LockoutStore.collection(), lock.filter()));
    if (lockouts.unlock(userId)) {
      events.release(unlocked);
    } else {
      events.discard(unlocked);
    }
  }
}
