package io.twofold.platform.kafka;

import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every topic's value schema under its Confluent subject ({@code <topic>-value}), with the
 * deployment's compatibility rule (FULL_TRANSITIVE unless set: external login services both
 * produce and read these topics, so every version must read and be read by every other),
 * registered when a service starts: a login service in any language whose client takes the schema from the registry by subject finds
 * {@code twofold.challenge-requests-value} before anyone produced on that topic (Twofold never
 * does). The schema text is the generated class's, as the Avro serializer registers it, so the
 * serializer finds this version rather than adding one. Registering is idempotent; if the registry
 * is away at start, it is retried in the background every {@code retryEvery} until done.
 */
public final class SchemaSubjects implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SchemaSubjects.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String confluentApi;
  private final String compatibility;
  private final Duration retryEvery;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ScheduledExecutorService retries;
  private volatile boolean running;

  /** @param registryUrl the registry's core API ({@code .../apis/registry/v3}), as the serdes take it */
  public SchemaSubjects(String registryUrl, String compatibility, Duration retryEvery) {
    this.confluentApi = confluentApi(registryUrl);
    this.compatibility = compatibility;
    this.retryEvery = retryEvery;
  }

  /** The same registry's Confluent-compatible API, which serves subjects. */
  static String confluentApi(String registryUrl) {
    String base = registryUrl.replaceAll("/+$", "");
    int api = base.indexOf("/apis/");
    return (api >= 0 ? base.substring(0, api) : base) + "/apis/ccompat/v7";
  }

  public static String subject(Topic<?, ?> topic) {
    return topic.name() + "-value";
  }

  @Override
  public void start() {
    running = true;
    if (!registerAll()) {
      retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schema-subjects");
        thread.setDaemon(true);
        return thread;
      });
      retries.scheduleWithFixedDelay(() -> {
        if (registerAll()) {
          retries.shutdown();
        }
      }, retryEvery.toMillis(), retryEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** @return whether every subject is registered */
  boolean registerAll() {
    try {
      for (Topic<String, ?> topic : Topics.all()) {
        register(subject(topic), SpecificData.get().getSchema(topic.valueType()));
      }
      return true;
    } catch (IOException | RuntimeException failed) {
      if (String.valueOf(failed.getMessage()).contains(" answered 409")) {
        // not a registry that is away: a schema this version of Twofold writes breaks the subject's
        // compatibility rule, and its producers fail until someone decides
        log.error("the registry refuses a schema of this version as incompatible with the versions it holds"
            + " ({}); producers of that topic fail until this is resolved; retrying", failed.getMessage());
      } else {
        log.warn("could not register the topics' schemas in the registry yet ({}); retrying", failed.toString());
      }
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** @return the schema's id under the subject (the existing one if this schema is registered) */
  int register(String subject, Schema schema) throws IOException, InterruptedException {
    HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(confluentApi + "/subjects/" + subject + "/versions"))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("schema", schema.toString())))));
    // after the first version (a subject's rule needs the subject); from then on each new version is checked
    send(HttpRequest.newBuilder(URI.create(confluentApi + "/config/" + subject))
        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("compatibility", compatibility)))));
    return JSON.readTree(registered.body()).get("id").asInt();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json").build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response;
  }

  @Override
  public void stop() {
    running = false;
    if (retries != null) {
      retries.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the listeners and producers start (they use the schemas). */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }
}
