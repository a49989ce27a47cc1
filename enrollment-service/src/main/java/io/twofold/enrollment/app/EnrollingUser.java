package io.twofold.enrollment.app;

/**
 * The user whose factors change, from its token: what policy evaluation needs, and the language of
 * the messages sent to it.
 */
public record EnrollingUser(String userId, String tenantId, String authority, String tenantProfileId, String locale) {}
