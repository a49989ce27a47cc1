package io.twofold.enrollment.store;

import java.time.Instant;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A factor's secret data, never returned by any API: the TOTP secret sealed with the TOTP key ring
 * (AAD = factor id), the last accepted TOTP step (replay protection), and a pending confirmation
 * code as a peppered HMAC with its expiry.
 */
@Document("factor_secrets")
record SecretDocument(
    @Id String factorId,
    String userId,
    String totpKeyId,
    Binary totpNonce,
    Binary totpCiphertext,
    Long lastAcceptedStep,
    String confirmationCodeHash,
    Instant confirmationExpiresAt) {}
