package io.twofold.delivery.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.twofold.delivery.app.DeliveryWorker;
import io.twofold.delivery.config.DeliveryProperties;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.schemas.delivery.EncryptedCode;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** A code request the database could not take: retried while the code is valid, then EXPIRED_UNSENT with why. */
class CodeRequestListenerTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final DeliveryJobStore jobs = mock(DeliveryJobStore.class);
  private final DeliveryEventPublisher events = mock(DeliveryEventPublisher.class);
  private final CodeRequestListener listener = new CodeRequestListener(jobs, mock(DeliveryWorker.class),
      mock(CodeSealer.class), events, new DeliveryProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(60),
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60), null, null, true, null, null,
          new DeliveryProperties.Chains(java.util.List.of(), java.util.List.of()), 3,
          new DeliveryProperties.Receipts(null, null)),
      Clock.fixed(NOW, ZoneOffset.UTC));

  private static CodeRequest request(Instant expiresAt) {
    return CodeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(NOW).setProducer("t").build())
        .setRequestId("r-1").setUserId("u-1").setPurpose(CodePurpose.LOGIN).setChannel(Channel.SMS)
        .setDestination("+380501234512")
        .setEncryptedCode(EncryptedCode.newBuilder().setKeyId("k").setNonce(ByteBuffer.wrap(new byte[12]))
            .setCiphertext(ByteBuffer.wrap(new byte[22])).build())
        .setExpiresAt(expiresAt).build();
  }

  @Test
  void whileTheCodeIsValidADatabaseOutageIsThrownForTheRecordToBeRetried() {
    when(jobs.insertIfAbsent(any())).thenThrow(new DataAccessResourceFailureException("mongo is away"));

    assertThatThrownBy(() -> listener.on(request(NOW.plusSeconds(60))))
        .isInstanceOf(DataAccessResourceFailureException.class);
    verify(events, never()).outcomeDirectly(any(), any(), any());
  }

  @Test
  void onceTheCodeExpiredTheRequestEndsExpiredUnsentSayingWhy() {
    when(jobs.insertIfAbsent(any())).thenThrow(new DataAccessResourceFailureException("mongo is away"));

    listener.on(request(NOW.minusSeconds(1)));

    verify(events).outcomeDirectly(any(), eq(DeliveryStatus.EXPIRED_UNSENT), eq("DATABASE_UNAVAILABLE"));
  }
}
