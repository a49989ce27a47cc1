package io.twofold.delivery;

import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Code requests as challenge-service publishes them (the code sealed with the test key), and the
 * delivery events delivery-service answers them with, for the tests that drive it through Kafka.
 */
public final class CodeRequests {

  private static final CodeSealer SEALER = new CodeSealer(
      KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));

  private CodeRequests() {}

  /** A sign-in code for tenant-1, with an SMS template for SMS. */
  public static CodeRequest request(Channel channel, String destination, String code, Duration validFor) {
    String requestId = UUID.randomUUID().toString();
    return CodeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId("tenant-1").setProducer("test").build())
        .setRequestId(requestId)
        .setUserId("user-" + requestId)
        .setChallengeId("challenge-" + requestId)
        .setPurpose(CodePurpose.LOGIN)
        .setChannel(channel)
        .setDestination(destination)
        .setEncryptedCode(SEALER.seal(code, requestId))
        .setMessageTemplate(channel == Channel.SMS ? "Acme code: ${code}" : null)
        .setLocale("en")
        .setExpiresAt(Instant.now().plus(validFor))
        .build();
  }

  /** The request's first {@code count} delivery events. */
  public static List<DeliveryEvent> events(CodeRequest request, int count) {
    return TopicProbe.await(TopicProbe.consumer(AvroSerde.consumerSettings(registry())), Topics.DELIVERIES.name(),
        record -> record.value() instanceof DeliveryEvent event && event.getRequestId().equals(request.getRequestId()),
        count).stream().map(record -> (DeliveryEvent) record.value()).toList();
  }

  /** The request's delivery events in order, up to the {@code times}-th with status {@code last}. */
  public static List<DeliveryEvent> eventsUntil(CodeRequest request, DeliveryStatus last, int times) {
    List<DeliveryEvent> seen = new ArrayList<>();
    int[] count = {0};
    TopicProbe.await(TopicProbe.consumer(AvroSerde.consumerSettings(registry())), Topics.DELIVERIES.name(), record -> {
      if (record.value() instanceof DeliveryEvent event && event.getRequestId().equals(request.getRequestId())) {
        seen.add(event);
        return event.getStatus() == last && ++count[0] == times;
      }
      return false;
    }, 1);
    return seen;
  }

  private static String registry() {
    return TwofoldInfrastructure.get().registry().registryApiUrl();
  }
}
