package io.twofold.policy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A login service in another language produces {@code ChallengeRequest}s with a Confluent client
 * that takes the schema from the registry by subject and never registers one. Nothing in Twofold
 * produces on that topic, so the subject exists only because the services register every topic's
 * schema when they start. Checked in policy-service's test JVM, where no test produces on the topic.
 */
@ServiceIntegrationTest
class ConfluentSubjectsTest {

  private static final TwofoldInfrastructure INFRA = TwofoldInfrastructure.get();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aConfluentClientFindsTheChallengeRequestSchemaBySubjectBeforeAnyoneProducedOnTheTopic() throws Exception {
    assertThat(recordsIn(Topics.CHALLENGE_REQUESTS.name())).as("nothing was produced on the topic").isZero();

    JsonNode latest = get(INFRA.registry().confluentApiUrl() + "/subjects/twofold.challenge-requests-value/versions/latest");
    Schema schema = new Schema.Parser().parse(latest.get("schema").asString());
    int id = latest.get("id").asInt();

    assertThat(schema).isEqualTo(ChallengeRequest.getClassSchema());
    assertThat(get(INFRA.registry().confluentApiUrl() + "/config/twofold.challenge-requests-value")
        .get("compatibilityLevel").asString()).isEqualTo("FULL_TRANSITIVE");

    // What the Confluent client writes with that id (magic byte, 4-byte id, Avro binary) is what
    // challenge-service's deserializer reads.
    ChallengeRequest request = ChallengeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId("tenant-1").setProducer("go-portal").build())
        .setChallengeId("c-" + UUID.randomUUID()).setUserId("u-1").setAuthority(Authority.TENANT_ADMIN).build();
    try (AvroKafkaDeserializer<ChallengeRequest> twofold = new AvroKafkaDeserializer<>()) {
      twofold.configure(AvroSerde.consumerSettings(INFRA.registry().registryApiUrl()), false);
      Object read = twofold.deserialize(Topics.CHALLENGE_REQUESTS.name(), confluentFramed(id, request));
      assertThat(read).isEqualTo(request);
    }
  }

  private static byte[] confluentFramed(int schemaId, ChallengeRequest request) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0);
    bytes.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(ChallengeRequest.class).write(request, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  private static long recordsIn(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()))) {
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
