package io.twofold.platform.limit;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A sliding log of permits kept in one array field of a Mongo document: the times of the last N
 * permits, oldest first. {@link MongoRateLimiter} keeps one per key in its own collection; a store
 * that guards an action with more than a rate limit (a user's failure count, a lock) keeps the log
 * in its own document, so that one conditional update checks everything at once.
 */
public final class SlidingLog {

  private SlidingLog() {}

  /**
   * The condition for one more permit in the log at {@code field}: fewer than N times recorded, or
   * the oldest outside the window.
   */
  public static Criteria roomLeft(String field, RateLimit limit, long now) {
    return new Criteria().orOperator(where(field + "." + (limit.permits() - 1)).exists(false),
        where(field + ".0").lte(now - limit.window().toMillis()));
  }

  /** Adds the push of a permit at {@code now} to {@code update}, keeping the last N. */
  public static Update record(Update update, String field, RateLimit limit, long now) {
    return update.push(field).slice(-limit.permits()).each(now);
  }

  /**
   * How long until the log has room again, in whole seconds (Retry-After's unit) and never 0;
   * empty when it has room now.
   */
  public static Optional<Duration> retryAfter(List<?> hits, RateLimit limit, long now) {
    List<Long> times = hits.stream().map(value -> ((Number) value).longValue()).sorted().toList();
    long windowMillis = limit.window().toMillis();
    if (times.size() < limit.permits() || times.get(0) <= now - windowMillis) {
      return Optional.empty();
    }
    long waitMillis = times.get(0) + windowMillis - now;
    return Optional.of(Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
  }
}
