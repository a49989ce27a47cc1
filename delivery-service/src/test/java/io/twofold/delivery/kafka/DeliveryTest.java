package io.twofold.delivery.kafka;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.twofold.delivery.CodeRequests;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;

/** Delivery against WireMock stand-ins for SendGrid and Twilio that check the real request shapes. */
@ServiceIntegrationTest(properties = {
    "twofold.delivery.sendgrid.api-key=SG.test-key",
    "twofold.delivery.sendgrid.from=no-reply@acme.test",
    "twofold.delivery.sendgrid.base-url=${twofold.test.wiremock-url}",
    "twofold.delivery.twilio.account-sid=AC0123456789",
    "twofold.delivery.twilio.auth-token=twilio-token",
    "twofold.delivery.twilio.from=+15005550006",
    "twofold.delivery.twilio.base-url=${twofold.test.wiremock-url}",
    "twofold.delivery.backoff-base=200ms",
    "twofold.delivery.backoff-cap=1s",
    "twofold.delivery.provider-timeout=6s",
    "twofold.delivery.poll-interval=200ms"})
@ExtendWith(OutputCaptureExtension.class)
class DeliveryTest {

  private static final String SENDGRID = "/v3/mail/send";
  private static final String TWILIO = "/2010-04-01/Accounts/AC0123456789/Messages.json";

  private final WireMockServer providers = TwofoldInfrastructure.get().wireMock();

  @Autowired KafkaTemplate<String, CodeRequest> kafka;

  private static String email() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }

  private static String phone() {
    return "+38050" + String.format("%07d", new SecureRandom().nextInt(10_000_000));
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static CodeRequest request(Channel channel, String destination, String code, Duration validFor) {
    return CodeRequests.request(channel, destination, code, validFor);
  }

  private void publish(CodeRequest request) throws Exception {
    kafka.send(Topics.CODE_REQUESTS.name(), request.getUserId(), request).get();
  }

  private static List<DeliveryEvent> events(CodeRequest request, int count) {
    return CodeRequests.events(request, count);
  }

  private static List<DeliveryEvent> eventsUntil(CodeRequest request, DeliveryStatus last) {
    return CodeRequests.eventsUntil(request, last, 1);
  }

  @Nested
  class RequestShapes {

    @Test
    void sendGridReceivesTheV3MailSendShapeWithBearerKey() throws Exception {
      String to = email();
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to))
          .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-msg-1")));
      CodeRequest request = request(Channel.EMAIL, to, "042917", Duration.ofMinutes(2));

      publish(request);

      DeliveryEvent sent = events(request, 1).get(0);
      assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
      assertThat(sent.getProvider()).isEqualTo("sendgrid");
      assertThat(sent.getProviderMessageId()).isEqualTo("sg-msg-1");
      assertThat(sent.getDestinationRange()).isNull();
      providers.verify(1, postRequestedFor(urlEqualTo(SENDGRID))
          .withHeader("Authorization", equalTo("Bearer SG.test-key"))
          .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(to)))
          .withRequestBody(matchingJsonPath("$.from.email", equalTo("no-reply@acme.test")))
          .withRequestBody(matchingJsonPath("$.subject", equalTo("Your sign-in verification code")))
          .withRequestBody(matchingJsonPath("$.content[0].type", equalTo("text/plain")))
          .withRequestBody(matchingJsonPath("$.content[0].value", containing("042917")))
          .withRequestBody(matchingJsonPath("$.content[1].type", equalTo("text/html"))));
    }

    @Test
    void twilioReceivesTheMessagesShapeWithBasicAuth() throws Exception {
      String to = phone();
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
          .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
              .withBody("{\"sid\":\"SM123\",\"status\":\"queued\"}")));
      CodeRequest request = request(Channel.SMS, to, "517203", Duration.ofMinutes(2));

      publish(request);

      DeliveryEvent sent = events(request, 1).get(0);
      assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
      assertThat(sent.getProvider()).isEqualTo("twilio");
      assertThat(sent.getProviderMessageId()).isEqualTo("SM123");
      assertThat(sent.getDestinationRange()).as("the range, never the number").isEqualTo("+380 50");
      String basic = Base64.getEncoder().encodeToString("AC0123456789:twilio-token".getBytes(StandardCharsets.UTF_8));
      providers.verify(1, postRequestedFor(urlEqualTo(TWILIO))
          .withHeader("Authorization", equalTo("Basic " + basic))
          .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
          .withRequestBody(containing("To=" + form(to)))
          .withRequestBody(containing("From=" + form("+15005550006")))
          .withRequestBody(containing("Body=" + form("Acme code: 517203"))));
    }
  }

  @Nested
  class Retries {

    @Test
    void serverErrorThenSuccessIsOneSentAfterARetry() throws Exception {
      String to = email();
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to)).inScenario(to)
          .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to)).inScenario(to)
          .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(202)));
      CodeRequest request = request(Channel.EMAIL, to, "111222", Duration.ofMinutes(2));

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
      assertThat(events).extracting(DeliveryEvent::getStatus).containsExactly(DeliveryStatus.RETRYING, DeliveryStatus.SENT);
      assertThat(events.get(0).getErrorClass()).isEqualTo("HTTP_5XX");
      assertThat(events.get(1).getAttempt()).isEqualTo(2);
      providers.verify(2, postRequestedFor(urlEqualTo(SENDGRID)).withRequestBody(containing(to)));
    }

    @Test
    void rateLimitedSendWaitsAtLeastRetryAfter() throws Exception {
      String to = phone();
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))).inScenario(to)
          .whenScenarioStateIs(Scenario.STARTED)
          .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withHeader("Content-Type", "application/json")
              .withBody("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"))
          .willSetStateTo("open"));
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))).inScenario(to)
          .whenScenarioStateIs("open").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
              .withBody("{\"sid\":\"SM456\"}")));
      CodeRequest request = request(Channel.SMS, to, "333444", Duration.ofMinutes(2));

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
      assertThat(events.get(0).getStatus()).isEqualTo(DeliveryStatus.RETRYING);
      assertThat(events.get(0).getErrorClass()).isEqualTo("HTTP_429");
      var calls = providers.findAll(postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))));
      assertThat(calls).hasSize(2);
      long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
      assertThat(waited).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void clientErrorFailsWithoutRetry() throws Exception {
      String to = email();
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to)).willReturn(aResponse().withStatus(400)));
      CodeRequest request = request(Channel.EMAIL, to, "555666", Duration.ofMinutes(2));

      publish(request);

      DeliveryEvent failed = events(request, 1).get(0);
      assertThat(failed.getStatus()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.getErrorClass()).isEqualTo("HTTP_400");
      Thread.sleep(1000); // a retry, if any were wrongly scheduled, would come within the backoff cap
      providers.verify(1, postRequestedFor(urlEqualTo(SENDGRID)).withRequestBody(containing(to)));
    }

    @Test
    void providerDownUntilTheCodeExpiresIsExpiredUnsent() throws Exception {
      String to = email();
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to)).willReturn(aResponse().withStatus(503)));
      CodeRequest request = request(Channel.EMAIL, to, "777888", Duration.ofSeconds(3));

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.EXPIRED_UNSENT);
      assertThat(events).last().extracting(DeliveryEvent::getStatus).isEqualTo(DeliveryStatus.EXPIRED_UNSENT);
      assertThat(events.subList(0, events.size() - 1)).allMatch(event -> event.getStatus() == DeliveryStatus.RETRYING);
      assertThat(events).hasSizeGreaterThan(1);
    }
  }

  @Test
  void localOutboxDoesNotExistOutsideTheLocalProfile(@Autowired org.springframework.core.env.Environment environment) {
    int port = environment.getRequiredProperty("local.server.port", Integer.class);
    var response = io.twofold.testsupport.ApiClient.local(port)
        .get("/api/v1/local/outbox", io.twofold.testsupport.Tokens.forTests().sysAdmin("root"));
    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void sameRequestDeliveredTwiceIsSentOnce() throws Exception {
    String to = email();
    providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to)).willReturn(aResponse().withStatus(202)));
    CodeRequest request = request(Channel.EMAIL, to, "121212", Duration.ofMinutes(2));

    publish(request);
    events(request, 1);
    publish(request);
    Thread.sleep(1500);

    providers.verify(1, postRequestedFor(urlEqualTo(SENDGRID)).withRequestBody(containing(to)));
  }

  @Test
  void slowProviderForOneUserDoesNotDelayAnother() throws Exception {
    String slow = email();
    String fast = email();
    providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(slow))
        .willReturn(aResponse().withStatus(202).withFixedDelay(4000)));
    providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(fast)).willReturn(aResponse().withStatus(202)));
    CodeRequest slowRequest = request(Channel.EMAIL, slow, "343434", Duration.ofMinutes(2));
    CodeRequest fastRequest = request(Channel.EMAIL, fast, "565656", Duration.ofMinutes(2));

    publish(slowRequest);
    Thread.sleep(200); // the slow send is in progress
    Instant fastPublished = Instant.now();
    publish(fastRequest);

    events(fastRequest, 1);
    Duration fastTook = Duration.between(fastPublished, Instant.now());
    assertThat(fastTook).isLessThan(Duration.ofMillis(3000));
    assertThat(events(slowRequest, 1).get(0).getStatus()).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void undecryptableRequestGoesToTheDeadLetterTopic() throws Exception {
    String requestId = UUID.randomUUID().toString();
    CodeSealer otherKey = new CodeSealer(KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.TOTP_KEY),
        TestKeys.CODE_KEY_ID, new SecureRandom()));
    CodeRequest request = CodeRequest.newBuilder(request(Channel.EMAIL, email(), "999000", Duration.ofMinutes(2)))
        .setRequestId(requestId).setEncryptedCode(otherKey.seal("999000", requestId)).build();

    publish(request);

    String dlt = Topic.deadLetterTopic(Topics.CODE_REQUESTS.name(), "delivery-service");
    ConsumerRecord<String, byte[]> dead = TopicProbe.awaitOne(new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TwofoldInfrastructure.get().kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)),
        dlt, record -> request.getUserId().equals(record.key()));
    assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value())).contains("CryptoFailure");
  }

  @Test
  void noLogLineOrEventContainsTheCode(CapturedOutput output) throws Exception {
    String to = phone();
    String code = "864209";
    providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))).inScenario(to)
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))).inScenario(to)
        .whenScenarioStateIs("up").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"sid\":\"SM789\"}")));
    CodeRequest request = request(Channel.SMS, to, code, Duration.ofMinutes(2));

    publish(request);

    List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
    assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain(code));
    assertThat(output.getAll()).doesNotContain(code);
  }
}
