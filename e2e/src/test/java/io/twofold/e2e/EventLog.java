package io.twofold.e2e;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Everything Twofold publishes about sign-ins and codes from the moment it is opened, as a login
 * service and an operator would read it: the ChallengeEvents, CodeRequests and DeliveryEvents, read
 * on a thread of its own through the registry (Avro, Confluent framing) and kept by id. It keeps
 * reading across broker restarts; events published twice (same eventId) are counted.
 */
final class EventLog implements AutoCloseable {

  private static final List<Topic<String, ?>> TOPICS = List.of(Topics.CHALLENGES, Topics.CODE_REQUESTS, Topics.DELIVERIES);

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final Thread reader;
  private volatile boolean open = true;

  private final Map<String, List<ChallengeEvent>> challengeEvents = new ConcurrentHashMap<>();
  private final Map<String, List<CodeRequest>> codeRequestsByChallenge = new ConcurrentHashMap<>();
  private final Map<String, List<DeliveryEvent>> deliveriesByRequest = new ConcurrentHashMap<>();
  private final Map<String, List<java.time.Instant>> codesSentTo = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> timesSeen = new ConcurrentHashMap<>();
  private final List<String> unreadable = new CopyOnWriteArrayList<>();

  EventLog(String bootstrap, String registryUrl) {
    Map<String, Object> settings = new java.util.HashMap<>(AvroSerde.consumerSettings(registryUrl));
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "faults-event-log");
    consumer = new KafkaConsumer<>(settings);
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : TOPICS) {
      consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolved now: nothing published from here on is missed
    reader = new Thread(this::read, "faults-event-log");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (open) {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
          keep(record);
        }
      }
    } catch (WakeupException closing) {
      // closed
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void keep(ConsumerRecord<String, SpecificRecord> record) {
    if (record.value() == null) {
      unreadable.add(record.topic() + "@" + record.partition() + ":" + record.offset());
      return;
    }
    EventMetadata metadata = (EventMetadata) record.value().get(0);
    timesSeen.computeIfAbsent(record.topic() + "/" + metadata.getEventId(), id -> new AtomicInteger()).incrementAndGet();
    SpecificRecord value = record.value();
    if (value instanceof ChallengeEvent event) {
      challengeEvents.computeIfAbsent(event.getChallengeId(), id -> new CopyOnWriteArrayList<>()).add(event);
      if (event.getState() == io.twofold.schemas.challenge.ChallengeState.CODE_SENT) {
        codesSentTo.computeIfAbsent(event.getUserId(), id -> new CopyOnWriteArrayList<>())
            .add(event.getMetadata().getOccurredAt());
      }
    } else if (value instanceof CodeRequest request && request.getChallengeId() != null) {
      codeRequestsByChallenge.computeIfAbsent(request.getChallengeId(), id -> new CopyOnWriteArrayList<>()).add(request);
    } else if (value instanceof DeliveryEvent delivery) {
      deliveriesByRequest.computeIfAbsent(delivery.getRequestId(), id -> new CopyOnWriteArrayList<>()).add(delivery);
    }
  }

  List<ChallengeEvent> challengeEvents(String challengeId) {
    return challengeEvents.getOrDefault(challengeId, List.of());
  }

  List<CodeRequest> codeRequests(String challengeId) {
    return codeRequestsByChallenge.getOrDefault(challengeId, List.of());
  }

  List<DeliveryEvent> deliveries(String requestId) {
    return deliveriesByRequest.getOrDefault(requestId, List.of());
  }

  /** When codes went out to a user's challenges (their CODE_SENT events). */
  List<java.time.Instant> codesSentTo(String userId) {
    return codesSentTo.getOrDefault(userId, List.of());
  }

  /** How many times an event was read (more than once: published twice). */
  int timesSeen(String topic, EventMetadata metadata) {
    AtomicInteger seen = timesSeen.get(topic + "/" + metadata.getEventId());
    return seen == null ? 0 : seen.get();
  }

  List<String> unreadable() {
    return List.copyOf(unreadable);
  }

  @Override
  public void close() {
    open = false;
    consumer.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
