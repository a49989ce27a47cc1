package io.twofold.delivery.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
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
import io.twofold.testsupport.FreePorts;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Email through SMTP when no SendGrid key is set: a real SMTP server (GreenMail) on loopback. */
@ServiceIntegrationTest(properties = {
    "twofold.delivery.sendgrid.from=no-reply@acme.test", "twofold.delivery.local-outbox=true"})
class SmtpDeliveryTest {

  private static final GreenMail SMTP = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @AfterAll
  static void stop() {
    SMTP.stop();
  }

  @Autowired KafkaTemplate<String, CodeRequest> kafka;

  @Test
  void sendsAMultipartMessageWithTextAndHtml() throws Exception {
    String requestId = UUID.randomUUID().toString();
    String to = "smtp-" + requestId + "@example.com";
    CodeSealer sealer = new CodeSealer(
        KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));
    kafka.send(Topics.CODE_REQUESTS.name(), "u-1", CodeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setProducer("test").build())
        .setRequestId(requestId).setUserId("u-1").setPurpose(CodePurpose.LOGIN).setChannel(Channel.EMAIL)
        .setDestination(to).setEncryptedCode(sealer.seal("482913", requestId)).setLocale("de")
        .setExpiresAt(Instant.now().plus(Duration.ofMinutes(2))).build()).get();

    assertThat(SMTP.waitForIncomingEmail(20_000, 1)).isTrue();
    MimeMessage received = SMTP.getReceivedMessages()[0];
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo(to);
    assertThat(received.getFrom()[0].toString()).isEqualTo("no-reply@acme.test");
    assertThat(received.getSubject()).isEqualTo("Ihr Bestätigungscode für die Anmeldung");
    String body = GreenMailUtil.getBody(received);
    assertThat(body).contains("482913").contains("text/plain").contains("text/html");

    KafkaConsumer<String, Object> consumer =
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
    DeliveryEvent sent = (DeliveryEvent) TopicProbe.awaitOne(consumer,
        Topics.DELIVERIES.name(),
        record -> record.value() instanceof DeliveryEvent event && event.getRequestId().equals(requestId)).value();
    assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(sent.getProvider()).isEqualTo("smtp");
  }
}
