package io.twofold.enrollment.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A step-up grant: the SHA-256 of the random token the user holds (never the token), its user and
 * when it ends. Deleted once ended (TTL index); the end is checked in code too.
 */
@Document("step_up_grants")
record StepUpGrantDocument(@Id String tokenHash, String userId, @Indexed(expireAfter = "0s") Instant expiresAt) {}
