package io.twofold.delivery.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.twofold.delivery.CodeRequests;
import io.twofold.delivery.provider.FakeSns;
import io.twofold.delivery.store.DeliveryJob;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.testsupport.FreePorts;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TwofoldInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failover chains (SMS: Twilio then SNS; email: SendGrid then SMTP) and delivery receipts, against
 * local stand-ins of each provider: WireMock for Twilio's and SendGrid's APIs, {@link FakeSns}
 * (which checks SigV4) and a real SMTP server (GreenMail). Receipts are signed here by hand as the
 * vendors document it (HMAC-SHA1 of URL and sorted form for Twilio, ECDSA P-256 over timestamp and
 * body for SendGrid), not with the SDK helpers the service verifies them with.
 */
@ServiceIntegrationTest(properties = {
    "twofold.delivery.sendgrid.api-key=SG.test-key",
    "twofold.delivery.sendgrid.from=no-reply@acme.test",
    "twofold.delivery.sendgrid.base-url=${twofold.test.wiremock-url}",
    "twofold.delivery.twilio.account-sid=AC0123456789",
    "twofold.delivery.twilio.auth-token=" + FailoverTest.TWILIO_TOKEN,
    "twofold.delivery.twilio.from=+15005550006",
    "twofold.delivery.twilio.base-url=${twofold.test.wiremock-url}",
    "twofold.delivery.sns.region=" + FakeSns.REGION,
    "twofold.delivery.sns.access-key-id=" + FakeSns.ACCESS_KEY,
    "twofold.delivery.sns.secret-access-key=" + FakeSns.SECRET,
    "twofold.delivery.chains.sms=twilio,sns",
    "twofold.delivery.chains.email=sendgrid,smtp",
    "twofold.delivery.attempts-per-provider=3",
    "twofold.delivery.receipts.public-url=" + FailoverTest.PUBLIC_URL,
    "twofold.delivery.backoff-base=100ms",
    "twofold.delivery.backoff-cap=300ms",
    "twofold.delivery.provider-timeout=5s",
    "twofold.delivery.poll-interval=200ms"})
class FailoverTest {

  static final String TWILIO_TOKEN = "twilio-token-of-the-failover-test";
  /** The address providers call, as a proxy in front of the service would have it. */
  static final String PUBLIC_URL = "https://twofold.example.com/delivery";
  private static final String TWILIO_CALLBACK = PUBLIC_URL + "/receipts/twilio";
  private static final String SENDGRID = "/v3/mail/send";
  private static final String TWILIO = "/2010-04-01/Accounts/AC0123456789/Messages.json";

  private static final FakeSns SNS = new FakeSns();
  private static final GreenMail SMTP = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
  private static final KeyPair SENDGRID_KEYS = ecKeys();

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    registry.add("twofold.delivery.sns.base-url", SNS::url);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("twofold.delivery.receipts.sendgrid-verification-key",
        () -> Base64.getEncoder().encodeToString(SENDGRID_KEYS.getPublic().getEncoded()));
  }

  @AfterAll
  static void stop() {
    SMTP.stop();
    SNS.close();
  }

  private final WireMockServer providers = TwofoldInfrastructure.get().wireMock();
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired KafkaTemplate<String, CodeRequest> kafka;
  @Autowired DeliveryJobStore jobs;
  @LocalServerPort int port;

  @Nested
  class Chains {

    @Test
    void aServerErrorStormAtTwilioMovesTheSameCodeToSnsAfterItsThreeAttempts() throws Exception {
      String to = phone();
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
          .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html")
              .withBody("<html><body>503 Service Temporarily Unavailable</body></html>")));
      CodeRequest request = request(Channel.SMS, to, "604218");

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
      assertThat(events).extracting(e -> e.getStatus() + " " + e.getProvider() + " " + e.getAttempt() + " "
          + e.getFallback()).containsExactly("RETRYING twilio 1 false", "RETRYING twilio 2 false",
          "RETRYING twilio 3 false", "SENT sns 4 true");
      assertThat(events.get(2).getErrorClass()).isEqualTo("HTTP_5XX");
      providers.verify(3, postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing(form(to))));
      assertThat(snsMessagesTo(to)).containsExactly("Acme code: 604218");
    }

    @Test
    void aPermanentRefusalMovesOnAtOnceWithoutRetryingTheProviderThatRefused() throws Exception {
      String to = email();
      providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(to))
          .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
              .withBody("{\"errors\":[{\"message\":\"The provided authorization grant is invalid, expired, or"
                  + " revoked\",\"field\":null,\"help\":null}]}")));
      CodeRequest request = request(Channel.EMAIL, to, "318840");

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
      assertThat(events).extracting(e -> e.getStatus() + " " + e.getProvider() + " " + e.getErrorClass() + " "
          + e.getFallback()).containsExactly("RETRYING sendgrid HTTP_401 false", "SENT smtp null true");
      providers.verify(1, postRequestedFor(urlEqualTo(SENDGRID)).withRequestBody(containing(to)));
      assertThat(mailTo(to)).contains("318840");
    }

    @Test
    void aMessageTheFirstProviderAcceptedIsNeverSentByTheNext() throws Exception {
      String to = phone();
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
          .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
              .withBody("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\",\"status\":\"queued\"}")));
      CodeRequest request = request(Channel.SMS, to, "290417");

      publish(request);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT);
      assertThat(events).extracting(e -> e.getProvider() + " " + e.getFallback()).containsExactly("twilio false");
      Thread.sleep(1_000); // a fallback, if any were wrongly started, would go out within a poll
      assertThat(snsMessagesTo(to)).isEmpty();
      providers.verify(1, postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
          .withRequestBody(containing("StatusCallback=" + form(TWILIO_CALLBACK))));
    }

    @Test
    void whenTheLastProviderRefusesTooTheRequestFailsNamingIt() throws Exception {
      String to = "+37060" + String.format("%06d", new SecureRandom().nextInt(1_000_000));
      providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withBody("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}")));
      CodeRequest request = request(Channel.SMS, to, "771036");
      SNS.answer(FakeSns.error(400, "Sender", "InvalidParameter", "Invalid parameter: PhoneNumber"));
      try {
        publish(request);

        List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.FAILED);
        assertThat(events).extracting(e -> e.getStatus() + " " + e.getProvider() + " " + e.getFallback())
            .containsExactly("RETRYING twilio false", "FAILED sns true");
      } finally {
        SNS.answer(FakeSns.published("567910cd-659e-55d4-8ccb-5aaf14679dc0"));
      }
    }
  }

  @Nested
  class Receipts {

    @Test
    void anUndeliveredStatusCallbackSendsTheSameCodeThroughSnsOnce() throws Exception {
      String to = phone();
      CodeRequest request = request(Channel.SMS, to, "845120");
      String sid = sentByTwilio(request);

      Map<String, String> receipt = twilioReceipt(sid, "undelivered", "30003");
      assertThat(postTwilio(receipt, twilioSignature(TWILIO_CALLBACK, receipt))).isEqualTo(204);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT, 2);
      assertThat(events).extracting(e -> e.getStatus() + " " + e.getProvider() + " " + e.getFallback())
          .containsExactly("SENT twilio false", "RETRYING twilio false", "SENT sns true");
      assertThat(events.get(1).getErrorClass()).isEqualTo("UNDELIVERED_UNDELIVERED_30003");
      assertThat(snsMessagesTo(to)).containsExactly("Acme code: 845120");

      // Twilio sends its callback again (it retries on a slow answer): nothing is sent a third time
      assertThat(postTwilio(receipt, twilioSignature(TWILIO_CALLBACK, receipt))).isEqualTo(204);
      Thread.sleep(1_000);
      assertThat(snsMessagesTo(to)).hasSize(1);
      assertThat(jobs.find(request.getRequestId()).orElseThrow().provider()).isEqualTo("sns");
    }

    @Test
    void aDeliveredStatusCallbackChangesNothing() throws Exception {
      String to = phone();
      CodeRequest request = request(Channel.SMS, to, "118734");
      String sid = sentByTwilio(request);

      Map<String, String> receipt = twilioReceipt(sid, "delivered", null);
      assertThat(postTwilio(receipt, twilioSignature(TWILIO_CALLBACK, receipt))).isEqualTo(204);

      Thread.sleep(1_000);
      assertThat(snsMessagesTo(to)).isEmpty();
      assertThat(jobs.find(request.getRequestId()).orElseThrow().state()).isEqualTo(DeliveryJob.State.SENT);
    }

    @Test
    void forgedOrUnsignedStatusCallbacksAreRefusedAndChangeNothing() throws Exception {
      String to = phone();
      CodeRequest request = request(Channel.SMS, to, "562290");
      String sid = sentByTwilio(request);
      Map<String, String> receipt = twilioReceipt(sid, "undelivered", "30003");

      assertThat(postTwilio(receipt, null)).isEqualTo(401);
      assertThat(postTwilio(receipt, twilioSignature(TWILIO_CALLBACK, Map.of()))).isEqualTo(401);
      assertThat(postTwilio(receipt, twilioSignatureWith("another-token", TWILIO_CALLBACK, receipt))).isEqualTo(401);
      // signed for another address: the signature covers the URL Twilio called
      assertThat(postTwilio(receipt, twilioSignature("https://evil.example.com/receipts/twilio", receipt)))
          .isEqualTo(401);

      Thread.sleep(1_000);
      assertThat(snsMessagesTo(to)).isEmpty();
      DeliveryJob job = jobs.find(request.getRequestId()).orElseThrow();
      assertThat(job.state()).isEqualTo(DeliveryJob.State.SENT);
      assertThat(job.providerMessageId()).isEqualTo(sid);
    }

    @Test
    void aSignedBounceFromSendGridSendsTheSameCodeByMailServer() throws Exception {
      String to = email();
      CodeRequest request = request(Channel.EMAIL, to, "930561");
      sentBySendGrid(request);
      providers.verify(1, postRequestedFor(urlEqualTo(SENDGRID)).withRequestBody(containing(to))
          .withRequestBody(containing("\"twofold_request_id\":\"" + request.getRequestId() + "\"")));

      String body = """
          [{"email":"%s","timestamp":%d,"event":"processed","twofold_request_id":"%s"},
           {"email":"%s","timestamp":%d,"event":"bounce","type":"bounce","status":"5.1.1",
            "reason":"550 5.1.1 The email account that you tried to reach does not exist.",
            "sg_message_id":"abc.filterdrecv-1","twofold_request_id":"%s"}]"""
          .formatted(to, Instant.now().getEpochSecond(), request.getRequestId(), to, Instant.now().getEpochSecond(),
              request.getRequestId());
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      assertThat(postSendGrid(body, sendGridSignature(SENDGRID_KEYS, timestamp, body), timestamp)).isEqualTo(204);

      List<DeliveryEvent> events = eventsUntil(request, DeliveryStatus.SENT, 2);
      assertThat(events).extracting(e -> e.getStatus() + " " + e.getProvider() + " " + e.getFallback())
          .containsExactly("SENT sendgrid false", "RETRYING sendgrid false", "SENT smtp true");
      assertThat(events.get(1).getErrorClass()).isEqualTo("UNDELIVERED_BOUNCE");
      assertThat(mailTo(to)).contains("930561");
    }

    @Test
    void sendGridEventsSignedWithAnotherKeyOrNotAtAllAreRefusedAndChangeNothing() throws Exception {
      String to = email();
      CodeRequest request = request(Channel.EMAIL, to, "407713");
      sentBySendGrid(request);
      String body = "[{\"email\":\"%s\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"twofold_request_id\":\"%s\"}]"
          .formatted(to, request.getRequestId());
      String timestamp = Long.toString(Instant.now().getEpochSecond());

      assertThat(postSendGrid(body, null, timestamp)).isEqualTo(401);
      assertThat(postSendGrid(body, sendGridSignature(ecKeys(), timestamp, body), timestamp)).isEqualTo(401);
      assertThat(postSendGrid(body, "bm90IGEgc2lnbmF0dXJl", timestamp)).isEqualTo(401);
      String signedOther = body.replace("dropped", "delivered");
      assertThat(postSendGrid(body, sendGridSignature(SENDGRID_KEYS, timestamp, signedOther), timestamp))
          .isEqualTo(401);
      // the signature covers the timestamp too
      assertThat(postSendGrid(body, sendGridSignature(SENDGRID_KEYS, timestamp, body), timestamp + "1"))
          .isEqualTo(401);

      Thread.sleep(1_000);
      assertThat(SMTP.getReceivedMessagesForDomain(to.substring(to.indexOf('@') + 1))).noneMatch(
          message -> recipient(message).equals(to));
      assertThat(jobs.find(request.getRequestId()).orElseThrow().state()).isEqualTo(DeliveryJob.State.SENT);
    }
  }

  private String twilioAccepts(String to) {
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    providers.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing(form(to)))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
    return sid;
  }

  /** A status callback as Twilio posts it (a subset of its documented fields). */
  private static Map<String, String> twilioReceipt(String sid, String status, String errorCode) {
    Map<String, String> form = new TreeMap<>();
    form.put("AccountSid", "AC0123456789");
    form.put("ApiVersion", "2010-04-01");
    form.put("From", "+15005550006");
    form.put("MessageSid", sid);
    form.put("SmsSid", sid);
    form.put("MessageStatus", status);
    form.put("SmsStatus", status);
    if (errorCode != null) {
      form.put("ErrorCode", errorCode);
    }
    return form;
  }

  private static String twilioSignature(String url, Map<String, String> form) {
    return twilioSignatureWith(TWILIO_TOKEN, url, form);
  }

  /** Twilio's documented scheme: HMAC-SHA1 of the URL followed by each field's name and value, sorted. */
  private static String twilioSignatureWith(String token, String url, Map<String, String> form) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private int postTwilio(Map<String, String> form, String signature) throws Exception {
    String body = form.entrySet().stream().map(e -> form(e.getKey()) + "=" + form(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/receipts/twilio"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** SendGrid's documented scheme: ECDSA (P-256, SHA-256) over the timestamp followed by the body. */
  private static String sendGridSignature(KeyPair keys, String timestamp, String body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private int postSendGrid(String body, String signature, String timestamp) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/receipts/sendgrid"))
        .header("Content-Type", "application/json")
        .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Email-Event-Webhook-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> snsMessagesTo(String to) {
    return SNS.received().stream().filter(received -> to.equals(received.form().get("PhoneNumber")))
        .map(received -> received.form().get("Message")).toList();
  }

  private static String mailTo(String to) {
    await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
        .anyMatch(message -> recipient(message).equals(to)));
    MimeMessage message = Arrays.stream(SMTP.getReceivedMessages()).filter(m -> recipient(m).equals(to))
        .findFirst().orElseThrow();
    return GreenMailUtil.getBody(message);
  }

  private static String recipient(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String phone() {
    return "+38067" + String.format("%07d", new SecureRandom().nextInt(10_000_000));
  }

  private static String email() {
    return "failover-" + UUID.randomUUID() + "@example.com";
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static CodeRequest request(Channel channel, String destination, String code) {
    return CodeRequests.request(channel, destination, code, Duration.ofMinutes(2));
  }

  private void publish(CodeRequest request) throws Exception {
    kafka.send(Topics.CODE_REQUESTS.name(), request.getUserId(), request).get();
  }

  private static List<DeliveryEvent> eventsUntil(CodeRequest request, DeliveryStatus last) {
    return CodeRequests.eventsUntil(request, last, 1);
  }

  private static List<DeliveryEvent> eventsUntil(CodeRequest request, DeliveryStatus last, int times) {
    return CodeRequests.eventsUntil(request, last, times);
  }

  /** A code Twilio accepted (and sent, as far as delivery knows) to a new number; its message id. */
  private String sentByTwilio(CodeRequest request) throws Exception {
    String sid = twilioAccepts(request.getDestination());
    publish(request);
    eventsUntil(request, DeliveryStatus.SENT);
    return sid;
  }

  /** A code SendGrid accepted for a new address. */
  private void sentBySendGrid(CodeRequest request) throws Exception {
    providers.stubFor(post(urlEqualTo(SENDGRID)).withRequestBody(containing(request.getDestination()))
        .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-" + UUID.randomUUID())));
    publish(request);
    eventsUntil(request, DeliveryStatus.SENT);
  }
}
