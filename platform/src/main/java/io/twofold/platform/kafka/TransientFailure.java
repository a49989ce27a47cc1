package io.twofold.platform.kafka;

/**
 * Marks a failure that is not the record's fault and may pass: a peer service, the database, the
 * broker or the registry briefly unavailable. A service's own "X is unavailable" exceptions
 * implement it, so listeners retry them rather than dead-letter the record (DESIGN §6: faults are
 * not poison).
 */
public interface TransientFailure {}
