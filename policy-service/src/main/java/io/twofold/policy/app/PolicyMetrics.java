package io.twofold.policy.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.policy.domain.PolicyDecision;
import org.springframework.stereotype.Component;

/**
 * {@code twofold_policy_changes_total{scope, outcome}} and
 * {@code twofold_policy_evaluations_total{enforced, reason}} (DESIGN §7).
 */
@Component
public class PolicyMetrics {

  private final MeterRegistry registry;

  public PolicyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param outcome updated, reset, invalid or conflict */
  public void change(boolean system, String outcome) {
    Counter.builder("twofold.policy.changes")
        .description("Changes of 2FA settings by scope and outcome")
        .tag("scope", system ? "system" : "tenant")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void evaluation(PolicyDecision decision) {
    Counter.builder("twofold.policy.evaluations")
        .description("Policy evaluations by outcome")
        .tag("enforced", Boolean.toString(decision.enforced()))
        .tag("reason", decision.reason().name())
        .register(registry)
        .increment();
  }
}
