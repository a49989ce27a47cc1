package io.twofold.platform.mongo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a service waits for its database. The driver's own defaults wait for ever for an answer
 * on an open connection (a frozen or partitioned server holds every request thread) and 30 s to
 * find a server; both end here as a transient failure that the caller retries or answers 503.
 *
 * @param readTimeout longest wait for the answer to one operation on an open connection
 * @param serverSelectionTimeout longest wait for a usable server (primary election, restart)
 * @param connectTimeout longest wait to open a connection
 */
@ConfigurationProperties("twofold.mongo")
public record TwofoldMongoProperties(
    @DefaultValue("10s") Duration readTimeout,
    @DefaultValue("5s") Duration serverSelectionTimeout,
    @DefaultValue("5s") Duration connectTimeout) {
}
