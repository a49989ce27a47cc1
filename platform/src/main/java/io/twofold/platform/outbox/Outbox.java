package io.twofold.platform.outbox;

import io.twofold.schemas.Topic;
import io.twofold.schemas.common.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Every event that follows a state change leaves through here (DESIGN §6), so that a crash, a
 * broker outage or a failed publish never loses it:
 *
 * <ol>
 *   <li>{@link #prepare} stores the event with the {@link Proof} of its change, before the change;
 *   <li>the service makes the change (marking its document with the event id where the proof is
 *       {@link Proof.Marked});
 *   <li>{@link #release} hands the event to a publishing thread — the caller never waits for the
 *       broker — which publishes it and deletes the entry.
 * </ol>
 *
 * The relay, every {@code interval} on every instance, publishes what is still stored after
 * {@code settle} once its proof holds (a crash after the change, a publish that failed), and drops
 * what is still unproven after {@code abandon} (the change never happened). Publishing is therefore
 * at least once: a consumer sees an event twice, with the same event id, only when an instance died
 * between publishing and deleting, or the broker acknowledged too late; consumers are idempotent on
 * the event id.
 */
public final class Outbox implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The array a {@link Proof.Marked} change adds its event ids to. */
  public static final String MARKS = "outboxEvents";

  private final MongoTemplate mongo;
  private final KafkaTemplate<String, Object> kafka;
  private final Clock clock;
  private final Settings settings;
  private volatile ThreadPoolExecutor publishing;
  private volatile ScheduledExecutorService relay;
  private volatile boolean running;

  /**
   * @param settle how old an entry is before the relay looks at it (a release publishes sooner)
   * @param abandon how old an unproven entry is when the relay drops it: longer than any change takes
   * @param sendTimeout how long the relay waits for the broker to acknowledge one event
   */
  public record Settings(Duration interval, Duration settle, Duration abandon, Duration sendTimeout) {}

  /** An event stored and waiting for its change. */
  public record Pending(String eventId, String topic, String key, SpecificRecord value) {}

  public Outbox(MongoTemplate mongo, KafkaTemplate<String, Object> kafka, Clock clock, Settings settings) {
    this.mongo = mongo;
    this.kafka = kafka;
    this.clock = clock;
    this.settings = settings;
    // Known to the mapping context before MongoIndexes creates the declared indexes at start-up.
    mongo.getConverter().getMappingContext().getPersistentEntity(OutboxEntry.class);
  }

  /** Stores the event before its change. Its id is the event's {@code metadata.eventId}. */
  public Pending prepare(Topic<String, ?> topic, String key, SpecificRecord value, Proof proof) {
    String eventId = eventId(value);
    String kind;
    String collection = null;
    Document filter = null;
    if (proof instanceof Proof.Marked marked) {
      kind = "marked";
      collection = marked.collection();
      filter = new Document("_id", marked.documentId()).append(MARKS, eventId);
    } else if (proof instanceof Proof.Gone gone) {
      kind = "gone";
      collection = gone.collection();
      filter = gone.filter();
    } else {
      kind = "done";
    }
    mongo.insert(new OutboxEntry(eventId, topic.name(), key, value.getClass().getName(), new Binary(encode(value)),
        kind, collection, filter, clock.instant(), null));
    return new Pending(eventId, topic.name(), key, value);
  }

  /** Stores an event whose change is already stored, and releases it. */
  public void publish(Topic<String, ?> topic, String key, SpecificRecord value) {
    release(List.of(prepare(topic, key, value, new Proof.Done())));
  }

  /** The change is stored: publish these events now, in order, without waiting for the broker. */
  public void release(List<Pending> events) {
    if (events.isEmpty()) {
      return;
    }
    ThreadPoolExecutor publisher = publishing;
    if (publisher == null) {
      return; // not running (stopped, or paused between tests): the relay publishes them
    }
    try {
      publisher.execute(() -> events.forEach(this::send));
    } catch (RejectedExecutionException busyOrStopping) {
      // the relay publishes them
    }
  }

  /** The change was refused (e.g. the request was a repeat): its events must never be published. */
  public void discard(List<Pending> events) {
    events.forEach(event -> mongo.remove(new Query(Criteria.where("_id").is(event.eventId())), OutboxEntry.class));
  }

  private void send(Pending event) {
    try {
      kafka.send(event.topic(), event.key(), event.value())
          .whenComplete((result, failure) -> {
            if (failure == null) {
              forget(event.eventId());
            }
          });
    } catch (RuntimeException brokerAway) {
      // e.g. no metadata within max.block.ms: the relay publishes it later
      log.debug("event {} not published now ({}); the relay will", event.eventId(), brokerAway.getMessage());
    }
  }

  private void forget(String eventId) {
    ThreadPoolExecutor publisher = publishing;
    if (publisher == null) {
      return;
    }
    try {
      publisher.execute(() -> {
        try {
          mongo.remove(new Query(Criteria.where("_id").is(eventId)), OutboxEntry.class);
        } catch (RuntimeException databaseAway) {
          log.debug("published event {} stays in the outbox ({}); it may be published again", eventId,
              databaseAway.getMessage());
        }
      });
    } catch (RejectedExecutionException busy) {
      // the relay finds it published-but-stored and publishes it again: consumers are idempotent
    }
  }

  /** One run of the relay: what it published. Also called by tests and at start. */
  public int relayOnce() {
    int published = 0;
    Instant now = clock.instant();
    Query due = new Query(Criteria.where("createdAt").lte(now.minus(settings.settle()))
        .orOperator(Criteria.where("claimedUntil").is(null), Criteria.where("claimedUntil").lte(now)))
        .limit(200);
    for (OutboxEntry candidate : mongo.find(due, OutboxEntry.class)) {
      if (!proven(candidate)) {
        if (!candidate.createdAt().isAfter(now.minus(settings.abandon()))) {
          mongo.remove(new Query(Criteria.where("_id").is(candidate.eventId())), OutboxEntry.class);
        }
        continue;
      }
      OutboxEntry entry = claim(candidate.eventId(), now);
      if (entry == null) {
        continue; // another instance's relay has it
      }
      try {
        kafka.send(entry.topic(), entry.key(), decode(entry))
            .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception brokerAway) {
        log.warn("the outbox relay could not publish event {}: {}; it tries again", entry.eventId(),
            brokerAway.getMessage());
        return published;
      }
      mongo.remove(new Query(Criteria.where("_id").is(entry.eventId())), OutboxEntry.class);
      published++;
    }
    return published;
  }

  private OutboxEntry claim(String eventId, Instant now) {
    return mongo.findAndModify(
        new Query(Criteria.where("_id").is(eventId)
            .orOperator(Criteria.where("claimedUntil").is(null), Criteria.where("claimedUntil").lte(now))),
        new Update().set("claimedUntil", now.plus(settings.sendTimeout()).plus(settings.interval())),
        FindAndModifyOptions.options().returnNew(true), OutboxEntry.class);
  }

  private boolean proven(OutboxEntry entry) {
    return switch (entry.proofKind()) {
      case "marked" -> mongo.exists(query(entry.proofFilter()), entry.proofCollection());
      case "gone" -> !mongo.exists(query(entry.proofFilter()), entry.proofCollection());
      default -> true;
    };
  }

  private static Query query(Document filter) {
    Criteria criteria = new Criteria();
    filter.forEach((field, value) -> criteria.and(field).is(value));
    return new Query(criteria);
  }

  private static String eventId(SpecificRecord value) {
    int field = value.getSchema().getField("metadata").pos();
    return ((EventMetadata) value.get(field)).getEventId().toString();
  }

  static byte[] encode(SpecificRecord value) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      var encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static SpecificRecord decode(OutboxEntry entry) {
    try {
      Class<SpecificRecord> type = (Class<SpecificRecord>) Class.forName(entry.type());
      return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(entry.value().getData(), null));
    } catch (ClassNotFoundException | IOException e) {
      throw new IllegalStateException("outbox entry " + entry.eventId() + " cannot be read", e);
    }
  }

  @Override
  public synchronized void start() {
    publishing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
        daemon("outbox-publisher"));
    relay = Executors.newSingleThreadScheduledExecutor(daemon("outbox-relay"));
    running = true;
    relay.scheduleWithFixedDelay(() -> {
      try {
        relayOnce();
      } catch (RuntimeException databaseAway) {
        log.warn("the outbox relay could not run: {}", databaseAway.getMessage());
      }
    }, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (relay != null) {
      relay.shutdownNow();
    }
    ThreadPoolExecutor publisher = publishing;
    publishing = null;
    if (publisher != null) {
      publisher.shutdown();
      try {
        publisher.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
