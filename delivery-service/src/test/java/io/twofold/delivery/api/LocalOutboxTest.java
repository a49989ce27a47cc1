package io.twofold.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.Tokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Without provider credentials, in the local profile: messages land in the outbox, never nowhere. */
@ServiceIntegrationTest
@ActiveProfiles("local")
@ExtendWith(OutputCaptureExtension.class)
class LocalOutboxTest {

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, CodeRequest> kafka;

  @Test
  void codeWithoutProviderIsReadableInTheLocalOutboxAndLoggedWithoutTheCode(CapturedOutput output) throws Exception {
    String requestId = UUID.randomUUID().toString();
    CodeSealer sealer = new CodeSealer(
        KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));
    String to = "local-" + requestId + "@example.com";
    kafka.send(Topics.CODE_REQUESTS.name(), "u-1", CodeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setProducer("test").build())
        .setRequestId(requestId).setUserId("u-1").setPurpose(CodePurpose.ENROLLMENT).setChannel(Channel.EMAIL)
        .setDestination(to).setEncryptedCode(sealer.seal("730148", requestId))
        .setExpiresAt(Instant.now().plus(Duration.ofMinutes(5))).build()).get();
    ApiClient api = ApiClient.local(port);
    String admin = Tokens.forTests().sysAdmin("root");

    await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/local/outbox", admin).body().toString().contains(to));

    var message = api.get("/api/v1/local/outbox", admin).body().get(0);
    assertThat(message.get("text").asString()).contains("730148");
    assertThat(message.get("subject").asString()).isEqualTo("Confirm your email address");
    assertThat(output.getAll()).contains("placed in the local outbox").doesNotContain("730148");
    assertThat(api.get("/api/v1/local/outbox", Tokens.forTests().tenantAdmin("t", "t")).status()).isEqualTo(403);
  }
}
