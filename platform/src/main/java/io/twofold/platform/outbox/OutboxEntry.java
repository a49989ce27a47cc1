package io.twofold.platform.outbox;

import java.time.Instant;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An event waiting to be published: the Avro record (binary, by its class), where it goes, and the
 * proof of the change it follows. Deleted once published, or once it is sure the change never
 * happened.
 *
 * @param proofFilter for {@link Proof.Marked}: {@code {_id, outboxEvents: eventId}}; for {@link
 *     Proof.Gone}: the filter that matches nothing once the change is stored
 * @param claimedUntil a relay that took the entry keeps it until then
 */
@Document("twofold_outbox")
record OutboxEntry(
    @Id String eventId,
    String topic,
    String key,
    String type,
    Binary value,
    String proofKind,
    String proofCollection,
    org.bson.Document proofFilter,
    @Indexed Instant createdAt,
    Instant claimedUntil) {}
