package io.twofold.platform.outbox;

import io.twofold.schemas.Topic;
import io.twofold.schemas.common.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /**
   * Deletes acknowledged entries, {@code forgetAfter} after the first of them: apart from the relay,
   * whose run may wait on the broker, and from the publisher, which keeps publishing meanwhile.
   */
  private volatile ScheduledExecutorService forgetTimer;
  private volatile boolean running;
  /** Published events whose entries are still to be deleted. */
  private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
  /** A deletion of acknowledged entries is queued on the publishing thread. */
  private final AtomicBoolean forgetting = new AtomicBoolean();

  /**
   * @param settle how old an entry is before the relay looks at it (a release publishes sooner)
   * @param abandon how old an unproven entry is when the relay drops it: longer than any change takes
   * @param sendTimeout how long the relay waits for the broker to acknowledge one event
   * @param forgetAfter how long acknowledged entries wait to be deleted together (at most a third
   *     of {@code settle}, so the relay never finds a published entry in a live service)
   */
  public record Settings(Duration interval, Duration settle, Duration abandon, Duration sendTimeout,
      Duration forgetAfter) {

    public Settings {
      Duration third = settle.dividedBy(3);
      forgetAfter = forgetAfter.compareTo(third) > 0 ? third : forgetAfter;
    }
  }

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

  /** An event to store before its change: where it goes and how the relay tells the change happened. */
  public record Draft(Topic<String, ?> topic, String key, SpecificRecord value, Proof proof) {}

  /** Stores the event before its change. Its id is the event's {@code metadata.eventId}. */
  public Pending prepare(Topic<String, ?> topic, String key, SpecificRecord value, Proof proof) {
    return prepare(List.of(new Draft(topic, key, value, proof))).get(0);
  }

  /**
   * Stores events that follow one change (a code request and the state it puts the challenge in),
   * in one database round trip, in this order.
   */
  public List<Pending> prepare(List<Draft> drafts) {
    Instant now = clock.instant();
    List<OutboxEntry> entries = new ArrayList<>(drafts.size());
    List<Pending> pending = new ArrayList<>(drafts.size());
    for (Draft draft : drafts) {
      String eventId = eventId(draft.value());
      entries.add(entry(eventId, draft, now));
      pending.add(new Pending(eventId, draft.topic().name(), draft.key(), draft.value()));
    }
    if (!entries.isEmpty()) {
      mongo.insert(entries, OutboxEntry.class);
    }
    return pending;
  }

  private static OutboxEntry entry(String eventId, Draft draft, Instant now) {
    String kind;
    String collection = null;
    Document filter = null;
    if (draft.proof() instanceof Proof.Marked marked) {
      kind = "marked";
      collection = marked.collection();
      filter = new Document("_id", marked.documentId()).append(MARKS, eventId);
    } else if (draft.proof() instanceof Proof.Gone gone) {
      kind = "gone";
      collection = gone.collection();
      filter = gone.filter();
    } else {
      kind = "done";
    }
    return new OutboxEntry(eventId, draft.topic().name(), draft.key(), draft.value().getClass().getName(),
        new Binary(encode(draft.value())), kind, collection, filter, now, null);
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
    if (!events.isEmpty()) {
      remove(events.stream().map(Pending::eventId).toList());
    }
  }

  private void remove(List<String> eventIds) {
    mongo.remove(new Query(Criteria.where("_id").in(eventIds)), OutboxEntry.class);
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

  /**
   * Deletes a published event's entry, with the others acknowledged within {@code forgetAfter}: one
   * round trip for all of them (a sign-in publishes three events, and under load tens are
   * acknowledged in that time). An entry still stored when its service stops is published again by
   * the next relay: consumers are idempotent.
   */
  private void forget(String eventId) {
    acknowledged.add(eventId);
    scheduleForgetting();
  }

  private void scheduleForgetting() {
    if (!forgetting.compareAndSet(false, true)) {
      return; // a deletion is queued: it takes these ids too
    }
    ScheduledExecutorService timer = forgetTimer;
    if (timer == null) {
      forgetting.set(false);
      return; // not running: the relay publishes them again and deletes them
    }
    try {
      timer.schedule(this::forgetAcknowledged, settings.forgetAfter().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      forgetting.set(false);
      // the relay finds them published-but-stored and publishes them again: consumers are idempotent
    }
  }

  private void forgetAcknowledged() {
    forgetting.set(false);
    List<String> eventIds = new ArrayList<>();
    for (String eventId = acknowledged.poll(); eventId != null; eventId = acknowledged.poll()) {
      eventIds.add(eventId);
      if (eventIds.size() == 1000) {
        break;
      }
    }
    if (eventIds.isEmpty()) {
      return;
    }
    try {
      remove(eventIds);
    } catch (RuntimeException databaseAway) {
      log.debug("published events {} stay in the outbox ({}); they may be published again", eventIds,
          databaseAway.getMessage());
    }
    if (!acknowledged.isEmpty()) {
      scheduleForgetting();
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
          remove(List.of(candidate.eventId()));
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
      remove(List.of(entry.eventId()));
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
    forgetTimer = Executors.newSingleThreadScheduledExecutor(daemon("outbox-forget"));
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
    if (forgetTimer != null) {
      forgetTimer.shutdownNow();
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
    forgetAcknowledged(); // what waited for its deletion is not published again at the next start
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
