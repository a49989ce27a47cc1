package io.twofold.delivery.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import io.twofold.testsupport.FreePorts;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS through AWS SNS against a local fake of its documented Query API that checks Signature
 * Version 4 itself: what is sent, and the outcome of each kind of answer — SNS's own XML errors,
 * throttling, a gateway's HTML, an unreadable acceptance, silence, a closed port.
 */
class SnsSmsSenderTest {

  private static final OutgoingMessage SMS = new OutgoingMessage(OutgoingMessage.Channel.SMS, "+380501234567", null,
      "Your Acme code: 123456", null);
  private static FakeSns sns;

  @BeforeAll
  static void start() {
    sns = new FakeSns();
  }

  @AfterAll
  static void stop() {
    sns.close();
  }

  @BeforeEach
  void reset() {
    sns.received().clear();
    sns.answer(FakeSns.published("567910cd-659e-55d4-8ccb-5aaf14679dc0"));
  }

  /** What nginx answers for a dead upstream: HTML that is not XML ({@code <hr>} is never closed). */
  private static String nginx(int status, String reason) {
    return "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        .formatted(status, reason, status, reason);
  }

  private static SnsSmsSender sender(String secret, String url, Duration timeout) {
    return new SnsSmsSender(FakeSns.REGION, FakeSns.ACCESS_KEY, secret, url, "Acme", null, timeout, 4,
        Clock.systemUTC());
  }

  private static SendOutcome send() {
    return sender(FakeSns.SECRET, sns.url(), Duration.ofSeconds(2)).send(SMS);
  }

  @Test
  void aPublishIsSignedForItsRegionSentAsTransactionalAndSentWithItsMessageId() {
    assertThat(send()).isEqualTo(new SendOutcome.Sent("567910cd-659e-55d4-8ccb-5aaf14679dc0"));

    assertThat(sns.received()).hasSize(1);
    FakeSns.Received publish = sns.received().get(0);
    assertThat(publish.signed()).isTrue();
    assertThat(publish.form()).containsEntry("Action", "Publish").containsEntry("PhoneNumber", "+380501234567")
        .containsEntry("Message", "Your Acme code: 123456");
    assertThat(publish.form()).containsValues("AWS.SNS.SMS.SMSType", "Transactional", "AWS.SNS.SMS.SenderID", "Acme");
  }

  @Test
  void aRequestSignedWithAnotherSecretIsRefusedBySnsAndNotRetried() {
    SendOutcome outcome = sender("not-the-secret", sns.url(), Duration.ofSeconds(2)).send(SMS);

    assertThat(sns.received()).singleElement().extracting(FakeSns.Received::signed).isEqualTo(false);
    assertThat(outcome).isEqualTo(new SendOutcome.Failed("HTTP_403"));
  }

  @Test
  void snsThrottlingIsRetriedWhateverItsStatus() {
    sns.answer(FakeSns.error(400, "Sender", "Throttling", "Rate exceeded"));
    assertThat(send()).isEqualTo(new SendOutcome.Retryable("THROTTLED", Optional.empty()));

    sns.answer(new FakeSns.Answer(429, "text/plain", "", 0));
    assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_429", Optional.empty()));
  }

  @Test
  void snsRefusingTheNumberFailsWithoutRetry() {
    sns.answer(FakeSns.error(400, "Sender", "InvalidParameter",
        "Invalid parameter: PhoneNumber Reason: +380501234567 is not valid to publish to"));

    assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_400"));
  }

  @Test
  void snsInternalErrorsAndAGatewaysHtmlAreRetried() {
    sns.answer(FakeSns.error(500, "Receiver", "InternalError", "Internal error"));
    assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));

    sns.answer(new FakeSns.Answer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", 0));
    assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));

    sns.answer(new FakeSns.Answer(502, "text/html", nginx(502, "Bad Gateway"), 0));
    assertThat(send()).isEqualTo(new SendOutcome.Retryable("HTTP_5XX", Optional.empty()));
  }

  @Test
  void aProxysHtmlClientErrorFailsByItsStatus() {
    sns.answer(new FakeSns.Answer(403, "text/html", "<html><body>Forbidden by proxy</body></html>", 0));
    assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_403"));

    sns.answer(new FakeSns.Answer(403, "text/html", nginx(403, "Forbidden"), 0));
    assertThat(send()).isEqualTo(new SendOutcome.Failed("HTTP_403"));
  }

  @Test
  void anAcceptanceThatCannotBeReadIsNotSentAgain() {
    sns.answer(new FakeSns.Answer(200, "text/html", "<html>accepted, in a way</html>", 0));
    assertThat(send()).isEqualTo(new SendOutcome.Sent(null));

    sns.answer(new FakeSns.Answer(200, "application/json", "{\"MessageId\": \"cut off", 0));
    assertThat(send()).isEqualTo(new SendOutcome.Sent(null));
    assertThat(sns.received()).hasSize(2);
  }

  @Test
  void silenceAndAClosedPortAreRetried() {
    sns.answer(new FakeSns.Answer(200, "text/xml", "", 3_000));
    assertThat(sender(FakeSns.SECRET, sns.url(), Duration.ofMillis(500)).send(SMS))
        .isEqualTo(new SendOutcome.Retryable("TIMEOUT", Optional.empty()));

    String nobody = "http://127.0.0.1:" + FreePorts.next();
    assertThat(sender(FakeSns.SECRET, nobody, Duration.ofSeconds(1)).send(SMS))
        .isEqualTo(new SendOutcome.Retryable("CONNECTION", Optional.empty()));
  }
}
