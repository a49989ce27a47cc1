package io.twofold.enrollment.app;

import io.twofold.enrollment.store.FactorStore;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.platform.security.Reach;
import io.twofold.platform.web.ProblemException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The rules of the platform's {@link Permission} table that need the account's factors, applied to
 * every {@code /api/v1/me} request after the platform checked the caller's kind: an
 * enrollment-only token works only while its user has no active factor ({@link
 * Reach#SELF_UNTIL_ENROLLED}), and a change marked {@link Permission#needsStepUp()} needs a live
 * step-up grant once the user has one.
 */
@Component
public class AccountGate {

  private final FactorStore factors;
  private final StepUp stepUp;

  public AccountGate(FactorStore factors, StepUp stepUp) {
    this.factors = factors;
    this.stepUp = stepUp;
  }

  /**
   * @param stepUpToken the {@value StepUp#HEADER} header, or null
   * @return the user whose own factors the request acts on
   */
  public EnrollingUser enter(Caller caller, Permission permission, String stepUpToken, Locale locale) {
    EnrollingUser user = new EnrollingUser(caller.userId(), caller.tenantId(), caller.authority().orElseThrow().name(),
        caller.tenantProfileId(), locale == null ? null : locale.toLanguageTag());
    Reach reach = permission.reachOf(caller.kind()).orElseThrow();
    boolean enrolled = factors.hasActive(user.userId());
    if (reach == Reach.SELF_UNTIL_ENROLLED && enrolled) {
      throw new ProblemException(HttpStatus.FORBIDDEN, "enrollment-token-spent",
          "an enrollment-only token enrolls a user's first factor; this user has one: sign in with it");
    }
    if (permission.needsStepUp() && enrolled) {
      stepUp.require(user.userId(), stepUpToken);
    }
    return user;
  }
}
