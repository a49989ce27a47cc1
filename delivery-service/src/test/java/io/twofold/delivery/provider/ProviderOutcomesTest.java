package io.twofold.delivery.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The outcome of a send follows the HTTP status of the provider's answer, whatever its body: the
 * providers' documented errors, and what a gateway or proxy in front of them answers (HTML, JSON of
 * another shape, no body). Retry-After is honoured in seconds and as an HTTP-date.
 */
class ProviderOutcomesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String TWILIO = "/2010-04-01/Accounts/AC0123456789/Messages.json";
  private static final String SENDGRID = "/v3/mail/send";
  private static WireMockServer server;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private static ResponseDefinitionBuilder html(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/html")
        .withBody("<html><body><h1>" + status + " Bad Gateway</h1></body></html>");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Nested
  class Twilio {

    private final TwilioSmsSender twilio = new TwilioSmsSender("AC0123456789", "token", "+15005550006", null,
        server.baseUrl(), null, Duration.ofSeconds(2), 2, CLOCK);

    private SendOutcome send() {
      return twilio.send(new OutgoingMessage(OutgoingMessage.Channel.SMS, "+380501234512", null, "Code: 123456", null));
    }

    @Test
    void aGatewaysHtml5xxIsRetried() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(html(502)));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));
    }

    @Test
    void a5xxWhoseJsonHasNoStatusFieldIsRetried() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(json(503, "{\"error\":\"upstream unavailable\"}")));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));
    }

    @Test
    void a429WithoutTwiliosBodyIsRetriedAfterTheDateItNames() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(json(429, "{\"message\":\"slow down\"}")
          .withHeader("Retry-After", "Tue, 01 Dec 2026 10:00:42 GMT")));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_429", Optional.of(Duration.ofSeconds(42))));
    }

    @Test
    void a429WithNoBodyAtAllIsRetriedAfterItsSeconds() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_429", Optional.of(Duration.ofSeconds(7))));
    }

    @Test
    void twiliosOwnClientErrorFailsWithoutRetry() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(json(400, """
          {"code": 21211, "message": "The 'To' number is not a valid phone number.",
           "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""")));

      assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_400"));
    }

    @Test
    void aProxysClientErrorWithoutTwiliosBodyFailsByItsStatus() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(html(403)));

      assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_403"));
    }

    @Test
    void anAcceptedMessageIsSentWithItsSid() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(json(201, """
          {"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "to": "+380501234512"}""")));

      assertThat(send()).isEqualTo(new SendOutcome.Sent("SM0123456789abcdef0123456789abcdef"));
    }

    @Test
    void aTimeoutIsRetried() {
      server.stubFor(post(urlEqualTo(TWILIO)).willReturn(json(201, "{}").withFixedDelay(3_000)));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("TIMEOUT", Optional.empty()));
    }
  }

  @Nested
  class SendGrid {

    private final SendGridEmailSender sendgrid = new SendGridEmailSender("SG.key", "no-reply@acme.test", "Acme",
        server.baseUrl(), Duration.ofSeconds(2), 2, CLOCK);

    private SendOutcome send() {
      return sendgrid.send(new OutgoingMessage(OutgoingMessage.Channel.EMAIL, "jane@example.com", "Your code",
          "Code: 123456", "<p>123456</p>"));
    }

    @Test
    void aGatewaysHtml5xxIsRetried() {
      server.stubFor(post(urlEqualTo(SENDGRID)).willReturn(html(504)));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));
    }

    @Test
    void a429IsRetriedAfterTheDateItNames() {
      server.stubFor(post(urlEqualTo(SENDGRID)).willReturn(aResponse().withStatus(429)
          .withHeader("Retry-After", "Tue, 01 Dec 2026 10:01:00 GMT")));

      assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_429", Optional.of(Duration.ofSeconds(60))));
    }

    @Test
    void sendGridsOwnClientErrorFailsWithoutRetry() {
      server.stubFor(post(urlEqualTo(SENDGRID)).willReturn(json(400, """
          {"errors": [{"message": "Does not contain a valid address.", "field": "personalizations.0.to.0.email"}]}""")));

      assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_400"));
    }

    @Test
    void anAcceptedMessageIsSentWithItsId() {
      server.stubFor(post(urlEqualTo(SENDGRID)).willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "m-1")));

      assertThat(send()).isEqualTo(new SendOutcome.Sent("m-1"));
    }
  }

  @Nested
  class RetryAfterHeader {

    @Test
    void readsSecondsAndHttpDatesAndIgnoresTheRest() {
      assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
      assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:02:00 GMT", NOW)).contains(Duration.ofMinutes(2));
      assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
      assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
      assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
      assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
  }
}
