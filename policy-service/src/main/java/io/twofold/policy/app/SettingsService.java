package io.twofold.policy.app;

import io.twofold.policy.domain.EvaluationRequest;
import io.twofold.policy.domain.FieldProblem;
import io.twofold.policy.domain.PolicyDecision;
import io.twofold.policy.domain.PolicyEvaluator;
import io.twofold.policy.domain.PolicyState;
import io.twofold.policy.domain.SettingsValidator;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import io.twofold.policy.kafka.PolicySnapshotPublisher;
import io.twofold.policy.store.SettingsStore;
import io.twofold.policy.store.StaleVersionException;
import io.twofold.policy.store.StoredScope;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reads, changes and evaluates settings. A change is validated, written with its optimistic version,
 * then published; if publishing fails the change stays durable and pending, and the outbox relay
 * publishes it, so the caller's success never depends on the broker being up.
 */
@Service
public class SettingsService {

  private static final Logger log = LoggerFactory.getLogger(SettingsService.class);

  private final SettingsStore store;
  private final PolicySnapshotPublisher publisher;
  private final PolicyMetrics metrics;

  public SettingsService(SettingsStore store, PolicySnapshotPublisher publisher, PolicyMetrics metrics) {
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** The system settings and their version (defaults at version 0 before the first change). */
  public Versioned<TwoFaSettings> system() {
    return store.find(PolicyEvaluator.SYSTEM_SCOPE)
        .map(scope -> new Versioned<>(scope.system().orElseThrow(), scope.version()))
        .orElseGet(() -> new Versioned<>(TwoFaSettings.defaults(), 0));
  }

  public Versioned<TenantSettings> tenant(String tenantId) {
    return store.find(PolicyEvaluator.scopeOf(tenantId))
        .map(scope -> new Versioned<>(scope.tenant().orElseThrow(), scope.version()))
        .orElseGet(() -> new Versioned<>(TenantSettings.inheriting(tenantId), 0));
  }

  public Versioned<TwoFaSettings> updateSystem(TwoFaSettings settings, long expectedVersion, String actor) {
    check(true, SettingsValidator.validateSystem(settings));
    StoredScope stored = write(true, () -> store.writeSystem(settings, expectedVersion, actor));
    metrics.change(true, "updated");
    return new Versioned<>(stored.system().orElseThrow(), stored.version());
  }

  public Versioned<TenantSettings> updateTenant(TenantSettings settings, long expectedVersion, String actor) {
    check(false, SettingsValidator.validateTenant(settings, system().value()));
    StoredScope stored = write(false, () -> store.writeTenant(settings, expectedVersion, actor));
    metrics.change(false, "updated");
    return new Versioned<>(stored.tenant().orElseThrow(), stored.version());
  }

  /** Back to the system settings, without tenant enforcement. */
  public Versioned<TenantSettings> resetTenant(String tenantId, long expectedVersion, String actor) {
    StoredScope stored =
        write(false, () -> store.writeTenant(TenantSettings.inheriting(tenantId), expectedVersion, actor));
    metrics.change(false, "reset");
    return new Versioned<>(stored.tenant().orElseThrow(), stored.version());
  }

  public PolicyDecision evaluate(EvaluationRequest request) {
    Versioned<TwoFaSettings> system = system();
    Optional<StoredScope> tenant = request.tenantId() == null
        ? Optional.empty() : store.find(PolicyEvaluator.scopeOf(request.tenantId()));
    PolicyDecision decision = PolicyEvaluator.evaluate(request, new PolicyState(
        system.value(), system.version(),
        tenant.flatMap(StoredScope::tenant), tenant.map(StoredScope::version).orElse(0L)));
    metrics.evaluation(decision);
    return decision;
  }

  private void check(boolean system, List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      metrics.change(system, "invalid");
      throw new InvalidSettingsException(problems);
    }
  }

  private StoredScope write(boolean system, java.util.function.Supplier<StoredScope> write) {
    StoredScope stored;
    try {
      stored = write.get();
    } catch (StaleVersionException stale) {
      metrics.change(system, "conflict");
      throw stale;
    }
    try {
      publisher.publishLatest(stored.scopeKey());
    } catch (PolicySnapshotPublisher.PublicationFailed failed) {
      log.warn("{}; the outbox relay will publish it", failed.getMessage());
    }
    return stored;
  }

  /** A value with the optimistic version it was read at. */
  public record Versioned<T>(T value, long version) {}
}
