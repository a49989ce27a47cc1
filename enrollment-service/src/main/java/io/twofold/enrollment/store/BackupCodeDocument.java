package io.twofold.enrollment.store;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One backup code as a peppered HMAC. The id ({@code userId:hash}) makes a code findable without
 * storing it; {@code used} is flipped by one conditional update, so two parallel uses cannot both
 * succeed.
 */
@Document("backup_codes")
record BackupCodeDocument(
    @Id String id,
    @Indexed String userId,
    String tenantId,
    boolean used,
    Instant generatedAt,
    Instant usedAt,
    java.util.List<String> outboxEvents) {}
