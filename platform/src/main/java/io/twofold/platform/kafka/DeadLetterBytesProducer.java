package io.twofold.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Forwards records that could not be deserialized to their dead-letter topic as the original bytes.
 * Deliberately not a {@code KafkaTemplate} or {@code ProducerFactory} bean, so that Boot still
 * creates the application's Avro template.
 */
public final class DeadLetterBytesProducer implements DisposableBean {

  private final DefaultKafkaProducerFactory<String, byte[]> factory;
  private final KafkaTemplate<String, byte[]> template;

  public DeadLetterBytesProducer(Map<String, Object> producerProperties) {
    Map<String, Object> settings = new HashMap<>(producerProperties);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.factory = new DefaultKafkaProducerFactory<>(settings);
    this.template = new KafkaTemplate<>(factory);
  }

  public KafkaTemplate<String, byte[]> template() {
    return template;
  }

  @Override
  public void destroy() {
    factory.destroy();
  }
}
