package io.twofold.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.platform.support.PlatformTestApplication;
import io.twofold.platform.support.SampleEvents;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The outbox on the real broker and Mongo wire server: what a change proves is published once, what
 * a crash left behind is published by the relay, what never happened never is. (Relay settings of
 * the platform's test application: every 500 ms, entries settle for 300 ms, unproven ones are
 * dropped after 2 s.)
 */
@ServiceIntegrationTest(classes = PlatformTestApplication.class)
class OutboxContractTest {

  private static final String THINGS = "outbox_test_things";

  @Autowired Outbox outbox;
  @Autowired MongoTemplate mongo;

  private static List<LockoutEvent> published(String user) {
    return TopicProbe.<Object>readToEnd(
            TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl())),
            Topics.LOCKOUTS.name(), record -> user.equals(record.key()))
        .stream().map(record -> (LockoutEvent) record.value()).toList();
  }

  private boolean stored(String eventId) {
    return mongo.exists(new Query(Criteria.where("_id").is(eventId)), OutboxEntry.class);
  }

  @Test
  void aReleasedEventIsPublishedOnceAndForgotten() {
    String user = "user-" + UUID.randomUUID();
    LockoutEvent event = SampleEvents.lockout(user, "released");
    String thing = UUID.randomUUID().toString();
    var pending = outbox.prepare(Topics.LOCKOUTS, user, event, new Proof.Marked(THINGS, thing));
    mongo.insert(new Document("_id", thing).append(Outbox.MARKS, List.of(pending.eventId())), THINGS);

    outbox.release(List.of(pending));

    // deleted once the broker acknowledged it
    await().atMost(Duration.ofSeconds(20)).until(() -> !stored(pending.eventId()));
    assertThat(published(user)).containsExactly(event);
  }

  @Test
  void eventsPreparedTogetherAreStoredTogetherPublishedInOrderAndForgotten() {
    String user = "user-" + UUID.randomUUID();
    List<LockoutEvent> events = List.of(SampleEvents.lockout(user, "first"), SampleEvents.lockout(user, "second"),
        SampleEvents.lockout(user, "third"));
    String thing = UUID.randomUUID().toString();
    Proof proof = new Proof.Marked(THINGS, thing);
    var pending = outbox.prepare(events.stream()
        .map(event -> new Outbox.Draft(Topics.LOCKOUTS, user, event, proof)).toList());
    assertThat(pending).allSatisfy(event -> assertThat(stored(event.eventId())).isTrue());
    mongo.insert(new Document("_id", thing).append(Outbox.MARKS, pending.stream().map(Outbox.Pending::eventId).toList()),
        THINGS);

    outbox.release(pending);

    // each deleted once the broker acknowledged it (several in one deletion)
    await().atMost(Duration.ofSeconds(20)).until(() -> pending.stream().noneMatch(event -> stored(event.eventId())));
    assertThat(published(user)).containsExactlyElementsOf(events);
  }

  @Test
  void anEventWhoseChangeWasStoredButNeverReleasedIsPublishedByTheRelay() {
    String user = "user-" + UUID.randomUUID();
    LockoutEvent event = SampleEvents.lockout(user, "crashed after the change");
    String thing = UUID.randomUUID().toString();
    var pending = outbox.prepare(Topics.LOCKOUTS, user, event, new Proof.Marked(THINGS, thing));
    mongo.insert(new Document("_id", thing).append(Outbox.MARKS, List.of(pending.eventId())), THINGS);
    // the process died here: no release

    await().atMost(Duration.ofSeconds(20)).until(() -> !stored(pending.eventId()));
    assertThat(published(user)).containsExactly(event);
  }

  @Test
  void anEventWhoseChangeNeverHappenedIsNeverPublishedAndIsDropped() {
    String user = "user-" + UUID.randomUUID();
    var pending = outbox.prepare(Topics.LOCKOUTS, user, SampleEvents.lockout(user, "never stored"),
        new Proof.Marked(THINGS, UUID.randomUUID().toString()));
    // the process died before the change, or the change was refused

    await().atMost(Duration.ofSeconds(20)).until(() -> !stored(pending.eventId()));
    assertThat(published(user)).isEmpty();
  }

  @Test
  void anEventThatFollowsARemovalIsPublishedOnceTheDocumentIsGone() {
    String user = "user-" + UUID.randomUUID();
    LockoutEvent event = SampleEvents.lockout(user, "removed");
    String thing = UUID.randomUUID().toString();
    mongo.insert(new Document("_id", thing), THINGS);
    var pending = outbox.prepare(Topics.LOCKOUTS, user, event, new Proof.Gone(THINGS, new Document("_id", thing)));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> stored(pending.eventId()));

    mongo.remove(new Query(Criteria.where("_id").is(thing)), THINGS);

    await().atMost(Duration.ofSeconds(20)).until(() -> !stored(pending.eventId()));
    assertThat(published(user)).containsExactly(event);
  }

  @Test
  void discardedEventsAreNeverPublished() {
    String user = "user-" + UUID.randomUUID();
    var pending = outbox.prepare(List.of(
        new Outbox.Draft(Topics.LOCKOUTS, user, SampleEvents.lockout(user, "repeat"), new Proof.Done()),
        new Outbox.Draft(Topics.LOCKOUTS, user, SampleEvents.lockout(user, "its second event"), new Proof.Done())));

    outbox.discard(pending);

    assertThat(pending).noneMatch(event -> stored(event.eventId()));
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // a relay run or two
    assertThat(published(user)).isEmpty();
  }
}
