package io.twofold.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import de.bwaldvogel.mongo.MongoServer;
import io.twofold.testsupport.mongo.IndexedMemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real components every integration test talks to over loopback sockets, started once per test
 * JVM and shared: an in-JVM KRaft Kafka broker, Apicurio Registry as a child process, the Mongo
 * wire-protocol server (in memory) and WireMock for the email and SMS providers. Each Spring
 * context gets its own Mongo database, so contexts do not see each other's documents.
 */
public final class TwofoldInfrastructure {

  private static TwofoldInfrastructure instance;

  private final EmbeddedKafkaKraftBroker kafka;
  private final RegistryProcess registry;
  private final MongoServer mongo;
  private final InetSocketAddress mongoAddress;
  private final WireMockServer wireMock;

  private TwofoldInfrastructure() {
    // The registry is the slowest to start; it boots in the background while Kafka starts.
    CompletableFuture<RegistryProcess> registryStart =
        CompletableFuture.supplyAsync(
            () -> RegistryProcess.start(0, 0, null, Path.of("target", "apicurio-registry.log")));
    kafka = new EmbeddedKafkaKraftBroker(1, 3);
    // Topics exist because Twofold creates them, never because a client touched a name.
    kafka.brokerProperty("auto.create.topics.enable", "false");
    kafka.afterPropertiesSet();
    mongo = new MongoServer(new IndexedMemoryBackend());
    mongoAddress = mongo.bind();
    wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wireMock.start();
    registry = registryStart.join();
    // No shutdown hook stops the broker, the Mongo server or WireMock: they live in this JVM and
    // end with it, and JVM shutdown hooks run concurrently, so stopping them would pull the broker
    // from under Spring contexts that are still closing. The registry, a child process, is stopped
    // by its own hook.
  }

  /** Starts everything on first use; later calls return the same running instance. */
  public static synchronized TwofoldInfrastructure get() {
    if (instance == null) {
      instance = new TwofoldInfrastructure();
    }
    return instance;
  }

  public String kafkaBootstrapServers() {
    return kafka.getBrokersAsString();
  }

  public EmbeddedKafkaKraftBroker kafka() {
    return kafka;
  }

  public RegistryProcess registry() {
    return registry;
  }

  public String mongoUri(String database) {
    return "mongodb://" + mongoAddress.getHostString() + ":" + mongoAddress.getPort() + "/" + database;
  }

  public WireMockServer wireMock() {
    return wireMock;
  }

  /** Spring properties pointing a service at this infrastructure, with its own database. */
  public Map<String, Object> springProperties(String database) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
    properties.put("twofold.kafka.registry-url", registry.registryApiUrl());
    properties.put("spring.mongodb.uri", mongoUri(database));
    properties.put("spring.mongodb.database", database);
    properties.put("twofold.security.jwt.hmac-secret", Tokens.TEST_HMAC_SECRET);
    properties.put("twofold.security.jwt.jwk-set-uri", "");
    properties.put("twofold.security.jwt.audience", Tokens.AUDIENCE);
    properties.put("twofold.test.wiremock-url", wireMock.baseUrl());
    properties.putAll(TestKeys.springProperties());
    return properties;
  }
}
