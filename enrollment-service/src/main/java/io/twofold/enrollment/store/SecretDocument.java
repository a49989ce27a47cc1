package io.twofold.enrollment.store;

import java.time.Instant;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A factor's secret data, never returned by any API: the TOTP secret sealed with the TOTP key ring
 * (AAD = factor id), the last accepted TOTP step (replay protection), a pending confirmation code and
 * a step-up code, each as a peppered HMAC with its expiry. The secrets of a factor nobody confirmed
 * go when it expires ({@code pendingUntil}, TTL index).
 */
@Document("factor_secrets")
record SecretDocument(
    @Id String factorId,
    @Indexed String userId,
    String totpKeyId,
    Binary totpNonce,
    Binary totpCiphertext,
    Long lastAcceptedStep,
    String confirmationCodeHash,
    Instant confirmationExpiresAt,
    String stepUpCodeHash,
    Instant stepUpExpiresAt,
    @Indexed(expireAfter = "0s") Instant pendingUntil,
    java.util.List<String> outboxEvents) {}
