package io.twofold.platform.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Client settings for Avro values in the Confluent wire format (magic byte 0, 4-byte schema id,
 * Avro binary), so that any Confluent-ecosystem client in any language can read and write Twofold's
 * topics. Used by the services, the tests and the local stack alike.
 */
public final class AvroSerde {

  private AvroSerde() {}

  /** Apicurio serde settings shared by serializer and deserializer. */
  public static Map<String, Object> registrySettings(String registryUrl) {
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalStateException("twofold.kafka.registry-url is not set");
    }
    Map<String, Object> settings = new HashMap<>();
    settings.put("apicurio.registry.url", registryUrl);
    // Confluent framing: the id travels in the payload (no headers), as a 4-byte content id, which
    // is the id the registry's /apis/ccompat/v7 API serves to Confluent clients.
    settings.put("apicurio.registry.headers.enabled", false);
    settings.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
    settings.put("apicurio.registry.use-id", "contentId");
    // Without it every record triggers a registry call.
    settings.put("apicurio.registry.dereference-schema", true);
    return settings;
  }

  /**
   * Producer: String keys, Avro values, acks from all in-sync replicas, idempotent retries; the
   * serializer registers a schema it does not find (a development client's convenience).
   */
  public static Map<String, Object> producerSettings(String registryUrl) {
    return producerSettings(registryUrl, true);
  }

  /**
   * @param registerSchemas whether the serializer may register its schema; without, it looks the
   *     schema up by its content and a schema nobody registered fails the send
   */
  public static Map<String, Object> producerSettings(String registryUrl, boolean registerSchemas) {
    Map<String, Object> settings = registrySettings(registryUrl);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put("apicurio.registry.auto-register", registerSchemas);
    if (registerSchemas) {
      settings.put("apicurio.registry.auto-register.if-exists", "FIND_OR_CREATE_VERSION");
    }
    return settings;
  }

  /**
   * Consumer: generated SpecificRecord values, behind an {@link ErrorHandlingDeserializer} so that
   * a malformed record becomes a dead-letter record instead of a stuck consumer.
   */
  public static Map<String, Object> consumerSettings(String registryUrl) {
    Map<String, Object> settings = registrySettings(registryUrl);
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
    settings.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
    settings.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
    settings.put("apicurio.registry.use-specific-avro-reader", true);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return settings;
  }
}
