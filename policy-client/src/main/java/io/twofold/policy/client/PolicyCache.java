package io.twofold.policy.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluations by query, dropped when a {@code PolicySnapshot} says the settings they came from
 * changed: a system change drops everything, a tenant change drops that tenant's entries. A maximum
 * age bounds how long a missed event could keep an entry alive.
 *
 * <p>An answer computed from versions older than a snapshot already seen is not cached: it may
 * have been read before the change and arrived after the invalidation.
 */
public final class PolicyCache {

  private static final String SYSTEM = "system";

  private final Clock clock;
  private final Duration maxAge;
  private final Map<PolicyQuery, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Long> latestVersions = new ConcurrentHashMap<>();

  private record Entry(PolicyView view, Instant storedAt) {}

  public PolicyCache(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  public Optional<PolicyView> get(PolicyQuery query) {
    Entry entry = entries.get(query);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.storedAt().plus(maxAge).isBefore(clock.instant())) {
      entries.remove(query, entry);
      return Optional.empty();
    }
    return Optional.of(entry.view());
  }

  public void put(PolicyQuery query, PolicyView view) {
    boolean systemCurrent = view.systemVersion() >= latestVersions.getOrDefault(SYSTEM, 0L);
    boolean tenantCurrent = query.tenantId() == null
        || view.tenantVersion() >= latestVersions.getOrDefault(tenantKey(query.tenantId()), 0L);
    if (systemCurrent && tenantCurrent) {
      entries.put(query, new Entry(view, clock.instant()));
    }
  }

  /** A snapshot of {@code scopeKey} at {@code version} was published. */
  public void changed(String scopeKey, long version) {
    latestVersions.merge(scopeKey, version, Math::max);
    if (SYSTEM.equals(scopeKey)) {
      entries.clear();
    } else if (scopeKey.startsWith("tenant:")) {
      String tenantId = scopeKey.substring("tenant:".length());
      entries.keySet().removeIf(query -> tenantId.equals(query.tenantId()));
    }
  }

  /** Forgets everything (e.g. after an unreadable snapshot). */
  public void clear() {
    entries.clear();
  }

  /** Highest version of a scope seen in a snapshot (0: none). */
  public long latestVersion(String scopeKey) {
    return latestVersions.getOrDefault(scopeKey, 0L);
  }

  public int size() {
    return entries.size();
  }

  private static String tenantKey(String tenantId) {
    return "tenant:" + tenantId;
  }
}
