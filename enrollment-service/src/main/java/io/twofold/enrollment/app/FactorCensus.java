package io.twofold.enrollment.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.enrollment.store.FactorStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code twofold_enrollment_active_factors{type}}: how many active factors of each type exist, for
 * the enrollment-coverage dashboard. Counted in the database (so the same on every instance: take
 * the max, not the sum, across instances) once a minute, not at every scrape.
 */
@Component
public class FactorCensus {

  private static final Logger log = LoggerFactory.getLogger(FactorCensus.class);

  private final FactorStore factors;
  private final Map<FactorType, AtomicLong> counts = new EnumMap<>(FactorType.class);

  public FactorCensus(FactorStore factors, MeterRegistry meters) {
    this.factors = factors;
    for (FactorType type : FactorType.values()) {
      AtomicLong count = new AtomicLong();
      counts.put(type, count);
      Gauge.builder("twofold.enrollment.active.factors", count, AtomicLong::get)
          .description("Active (confirmed) factors of all users, by type")
          .tag("type", type.name())
          .register(meters);
    }
  }

  @Scheduled(initialDelay = 0, fixedDelayString = "${twofold.enrollment.census-interval:60s}")
  public void count() {
    try {
      Map<String, Long> byType = factors.activeCountsByType();
      counts.forEach((type, count) -> count.set(byType.getOrDefault(type.name(), 0L)));
    } catch (RuntimeException e) {
      log.warn("could not count active factors: {}", e.getMessage()); // the gauges keep their last values
    }
  }
}
