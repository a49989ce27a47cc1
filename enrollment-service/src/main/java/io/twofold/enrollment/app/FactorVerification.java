package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.enrollment.store.FactorStore;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.enrollment.totp.TotpVerifier;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.stereotype.Service;

/**
 * Sign-in verification of TOTP codes for challenge-service. Attempt limits and lockout are
 * challenge-service's; this answers whether the code is right and unused.
 */
@Service
public class FactorVerification {

  private final FactorStore factors;
  private final SecretStore secrets;
  private final TotpVerifier totp = new TotpVerifier();
  private final Clock clock;

  public FactorVerification(FactorStore factors, SecretStore secrets, Clock clock) {
    this.factors = factors;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * @return the factor the code belongs to, if it is valid for one of the user's active TOTP factors
   *     and its time step is later than any accepted before (a replayed code is refused)
   */
  public Optional<Factor> verifyTotp(String userId, String code) {
    for (Factor factor : factors.ofUser(userId)) {
      if (factor.type() != FactorType.TOTP || !factor.isActive()) {
        continue;
      }
      OptionalLong step = matchingStep(factor, code);
      if (step.isPresent()) {
        return secrets.acceptTotpStep(factor.id(), step.getAsLong()) ? Optional.of(factor) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The same check for one active TOTP factor. */
  public boolean verifyTotp(Factor factor, String code) {
    if (factor.type() != FactorType.TOTP || !factor.isActive()) {
      return false;
    }
    OptionalLong step = matchingStep(factor, code);
    return step.isPresent() && secrets.acceptTotpStep(factor.id(), step.getAsLong());
  }

  private OptionalLong matchingStep(Factor factor, String code) {
    return secrets.totpSecret(factor.id()).map(secret -> totp.matchingStep(secret, code, clock.instant()))
        .orElse(OptionalLong.empty());
  }
}
