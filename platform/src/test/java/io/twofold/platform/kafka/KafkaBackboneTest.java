package io.twofold.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.twofold.platform.support.LockoutRecorder;
import io.twofold.platform.support.PlatformTestApplication;
import io.twofold.platform.support.SampleEvents;
import io.twofold.platform.support.SampleEvents.Sample;
import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event backbone on the real KRaft broker and the real Apicurio Registry. */
@ServiceIntegrationTest(classes = PlatformTestApplication.class)
class KafkaBackboneTest {

  private static final TwofoldInfrastructure INFRA = TwofoldInfrastructure.get();
  private static final String DLT = Topics.LOCKOUTS.deadLetterTopic("platform-test");

  @Autowired KafkaTemplate<String, SpecificRecord> template;
  @Autowired ProducerFactory<?, ?> producerFactory;
  @Autowired LockoutRecorder recorder;

  static Stream<Sample> everyEventType() {
    return SampleEvents.all().stream();
  }

  @Nested
  class Contracts {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twofold.platform.kafka.KafkaBackboneTest#everyEventType")
    void roundTripsThroughBrokerAndRegistry(Sample sample) throws Exception {
      template.send(sample.topic().name(), sample.key(), sample.value()).get();

      Object received = awaitRecord(avroConsumer(), sample.topic(), sample.key(), value -> value.equals(sample.value()));

      assertThat(received).isInstanceOf(sample.topic().valueType()).isEqualTo(sample.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.twofold.platform.kafka.KafkaBackboneTest#everyEventType")
    void writesConfluentWireFormatWithAnIdTheRegistryResolves(Sample sample) throws Exception {
      template.send(sample.topic().name(), sample.key(), sample.value()).get();

      byte[] raw = awaitRecord(bytesConsumer(), sample.topic(), sample.key(), bytes -> true);

      assertThat(raw[0]).as("magic byte").isZero();
      int schemaId = ByteBuffer.wrap(raw, 1, 4).getInt();
      JsonNode answer = getJson(INFRA.registry().confluentApiUrl() + "/schemas/ids/" + schemaId);
      Schema registered = new Schema.Parser().parse(answer.get("schema").asString());
      assertThat(registered).isEqualTo(sample.value().getSchema());
      JsonNode subjects = getJson(INFRA.registry().confluentApiUrl() + "/subjects");
      assertThat(subjects.valueStream().map(JsonNode::asString))
          .contains(sample.topic().name() + "-value");
    }
  }

  @Test
  void everyTopicsSchemaIsRegisteredUnderItsSubjectWithFullTransitiveCompatibility() throws Exception {
    for (Topic<String, ?> topic : Topics.all()) {
      String subject = SchemaSubjects.subject(topic);
      JsonNode latest = getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions/latest");

      assertThat(new Schema.Parser().parse(latest.get("schema").asString()))
          .as(subject).isEqualTo(org.apache.avro.specific.SpecificData.get().getSchema(topic.valueType()));
      assertThat(getJson(INFRA.registry().confluentApiUrl() + "/config/" + subject).get("compatibilityLevel").asString())
          .as(subject).isEqualTo("FULL_TRANSITIVE");
    }
  }

  /**
   * FULL_TRANSITIVE, not BACKWARD: a login service keeps reading outcomes with the schema it was
   * built with, so a version that drops a field old readers need (no default) must be refused,
   * which BACKWARD alone allows.
   */
  @Test
  void theRegistryRefusesAVersionOldReadersCannotRead() throws Exception {
    String subject = "compat-" + UUID.randomUUID() + "-value";
    SchemaSubjects subjects = new SchemaSubjects(INFRA.registry().registryApiUrl(), "FULL_TRANSITIVE", Duration.ofSeconds(1));
    Schema v1 = LockoutEvent.getClassSchema();
    subjects.register(subject, v1);
    Schema withoutUserId = withFields(v1, v1.getFields().stream().filter(field -> !field.name().equals("userId")).toList());
    Schema withOptionalNote = withOptionalNote(v1);

    assertThat(catchThrowable(() -> subjects.register(subject, withoutUserId))).hasMessageContaining("409");
    subjects.register(subject, withOptionalNote);

    assertThat(getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions").size()).isEqualTo(2);
  }

  /**
   * Production turns the serializer's registering off (the services' own are off in this test
   * application, as in every default): the serializer finds the version of its own schema by
   * content, even when a newer one is the latest, and a schema nobody registered fails the send.
   */
  @Test
  void withoutRegisteringTheSerializerWritesItsOwnVersionAndRefusesAnUnknownSchema() throws Exception {
    String topic = "unregistered-" + UUID.randomUUID();
    String subject = topic + "-value";
    LockoutEvent event = SampleEvents.lockout("u-" + UUID.randomUUID(), "content-lookup");
    Map<String, Object> settings = new java.util.HashMap<>(AvroSerde.producerSettings(INFRA.registry().registryApiUrl(), false));
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers());
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()));
         KafkaProducer<String, Object> producer = new KafkaProducer<>(settings)) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
      Throwable unknown = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, "k", event)).get());
      assertThat(unknown).as("a schema nobody registered").hasMessageContaining("Could not resolve artifact reference by content");
      assertThat(getJson(INFRA.registry().confluentApiUrl() + "/subjects").valueStream().map(JsonNode::asString))
          .as("the serializer registered nothing").doesNotContain(subject);

      SchemaSubjects subjects = new SchemaSubjects(INFRA.registry().registryApiUrl(), "FULL_TRANSITIVE", Duration.ofSeconds(1));
      int own = subjects.register(subject, LockoutEvent.getClassSchema());
      Schema v1 = LockoutEvent.getClassSchema();
      int newer = subjects.register(subject, withOptionalNote(v1));
      assertThat(newer).isNotEqualTo(own);

      producer.send(new ProducerRecord<>(topic, "k", event)).get();
    }
    byte[] raw = TopicProbe.awaitOne(bytesConsumer(), topic, record -> true).value();
    assertThat(ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(
        getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions/1").get("id").asInt());
    assertThat(getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions").size()).isEqualTo(2);
  }

  /** The schema and one more field, with a default: a version every reader and writer accepts. */
  private static Schema withOptionalNote(Schema schema) {
    return withFields(schema, Stream.concat(schema.getFields().stream(),
        Stream.of(new Schema.Field("note", Schema.create(Schema.Type.STRING), null, "none"))).toList());
  }

  private static Schema withFields(Schema schema, List<Schema.Field> fields) {
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false,
        fields.stream().map(field -> new Schema.Field(field, field.schema())).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.twofold.platform.kafka.KafkaBackboneTest#everyEventType")
  void theSerializerWritesTheRegisteredVersionInsteadOfAddingOne(Sample sample) throws Exception {
    String subject = SchemaSubjects.subject(sample.topic());
    int registered = getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions/latest")
        .get("id").asInt();

    template.send(sample.topic().name(), sample.key(), sample.value()).get();

    byte[] raw = awaitRecord(bytesConsumer(), sample.topic(), sample.key(), bytes -> true);
    assertThat(ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(registered);
    assertThat(getJson(INFRA.registry().confluentApiUrl() + "/subjects/" + subject + "/versions").size()).isEqualTo(1);
  }

  @Test
  void producersWaitForAllReplicasAndAreIdempotent() {
    Map<String, Object> settings = producerFactory.getConfigurationProperties();
    assertThat(settings.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
    assertThat(settings.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(true);
  }

  @Test
  void createsEveryCatalogueTopicAndTheDeadLetterTopics() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()))) {
      var names = admin.listTopics().names().get();
      assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList()).contains(DLT);
      var policies = new ConfigResource(ConfigResource.Type.TOPIC, Topics.POLICIES.name());
      var config = admin.describeConfigs(List.of(policies)).all().get().get(policies);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      var partitions = admin.describeTopics(List.of(Topics.CODE_REQUESTS.name())).allTopicNames().get();
      assertThat(partitions.get(Topics.CODE_REQUESTS.name()).partitions()).hasSize(Topics.CODE_REQUESTS.partitions());
      // configured in application.yml, above the catalogue's default of 3
      var lockouts = admin.describeTopics(List.of(Topics.LOCKOUTS.name())).allTopicNames().get();
      assertThat(lockouts.get(Topics.LOCKOUTS.name()).partitions()).hasSize(4);
      // set by the application (twofold.kafka.min-insync-replicas), not left to the broker
      var lockoutsConfig = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LOCKOUTS.name());
      var minInsync = admin.describeConfigs(List.of(lockoutsConfig)).all().get().get(lockoutsConfig).get("min.insync.replicas");
      assertThat(minInsync.value()).isEqualTo("1");
      assertThat(minInsync.source()).isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }
  }

  @Nested
  class DeadLetters {

    @Test
    void poisonRecordLandsInTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
      String user = "user-" + UUID.randomUUID();
      byte[] poison = ("not avro " + user).getBytes();
      try (KafkaProducer<String, byte[]> raw = bytesProducer()) {
        raw.send(new ProducerRecord<>(Topics.LOCKOUTS.name(), user, poison)).get();
      }
      LockoutEvent next = SampleEvents.lockout(user, "after-poison");
      template.send(Topics.LOCKOUTS.name(), user, next).get();

      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.applied().contains(next));
      ConsumerRecord<String, byte[]> dead = awaitDeadLetter(user, bytes -> java.util.Arrays.equals(bytes, poison));
      assertThat(header(dead, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
      assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.LOCKOUTS.name());
    }

    @Test
    void recordTheListenerCannotProcessLandsInTheDeadLetterTopicAfterRetries() throws Exception {
      String user = "user-" + UUID.randomUUID();
      LockoutEvent failing = SampleEvents.lockout(user, "explode");
      LockoutEvent next = SampleEvents.lockout(user, "after-failure");
      template.send(Topics.LOCKOUTS.name(), user, failing).get();
      template.send(Topics.LOCKOUTS.name(), user, next).get();

      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.applied().contains(next));
      ConsumerRecord<String, byte[]> dead = awaitDeadLetter(user, bytes -> bytes[0] == 0);
      assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).contains("IllegalStateException");
      assertThat(recorder.applied()).doesNotContain(failing);
    }
  }

  @Test
  void aRecordFailingForATransientCauseIsRetriedUntilItWorksNotDeadLettered() throws Exception {
    String user = "user-" + UUID.randomUUID();
    LockoutEvent flaky = SampleEvents.lockout(user, "flaky");
    // more failures than the quick retries of an unknown failure allow (twofold.kafka.retry-attempts: 1)
    template.send(Topics.LOCKOUTS.name(), user, flaky).get();

    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.applied().contains(flaky));
    assertThat(recorder.attempts(user)).isEqualTo(4);
    assertThat(TopicProbe.readToEnd(TopicProbe.<byte[]>consumer(Map.of(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)), DLT,
        record -> user.equals(record.key()))).isEmpty();
  }

  @Test
  void duplicateEventIsProcessedOnce() throws Exception {
    String user = "user-" + UUID.randomUUID();
    LockoutEvent event = SampleEvents.lockout(user, "duplicated");
    LockoutEvent marker = SampleEvents.lockout(user, "marker");
    template.send(Topics.LOCKOUTS.name(), user, event).get();
    template.send(Topics.LOCKOUTS.name(), user, event).get();
    template.send(Topics.LOCKOUTS.name(), user, marker).get();

    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.applied().contains(marker));
    assertThat(recorder.applied()).filteredOn(event::equals).hasSize(1);
  }

  private static <V> V awaitRecord(
      KafkaConsumer<String, V> consumer, Topic<String, ?> topic, String key, Predicate<V> matches) {
    return TopicProbe.awaitOne(consumer, topic.name(),
        record -> key.equals(record.key()) && matches.test(record.value())).value();
  }

  private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key, Predicate<byte[]> matches) {
    return TopicProbe.awaitOne(bytesConsumer(), DLT,
        record -> key.equals(record.key()) && matches.test(record.value()));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return Optional.ofNullable(record.headers().lastHeader(name))
        .map(header -> new String(header.value()))
        .orElse("");
  }

  private static KafkaConsumer<String, Object> avroConsumer() {
    return TopicProbe.consumer(AvroSerde.consumerSettings(INFRA.registry().registryApiUrl()));
  }

  private static KafkaConsumer<String, byte[]> bytesConsumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  private static KafkaProducer<String, byte[]> bytesProducer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  private static JsonNode getJson(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }
}
