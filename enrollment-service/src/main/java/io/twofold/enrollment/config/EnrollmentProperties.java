package io.twofold.enrollment.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Enrollment's own bounds (issue 13: factor creation was unbounded).
 *
 * @param maxFactors factors a user may hold, active and pending together
 * @param factorCreations factor creations per user, {@code N:S} (a TOTP factor costs no message, so
 *     the send period does not bound it)
 * @param pendingLifetime how long a factor nobody confirmed lives
 * @param stepUpLifetime how long a step-up grant lets a user change its factors
 */
@ConfigurationProperties("twofold.enrollment")
public record EnrollmentProperties(
    @DefaultValue("10") int maxFactors,
    @DefaultValue("5:3600") String factorCreations,
    @DefaultValue("30m") Duration pendingLifetime,
    @DefaultValue("5m") Duration stepUpLifetime) {}
