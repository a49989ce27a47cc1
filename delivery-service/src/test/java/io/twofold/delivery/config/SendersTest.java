package io.twofold.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import io.twofold.delivery.provider.MessageSender;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Which sender each channel gets, and when there is none. */
class SendersTest {

  private static final DeliveryProperties.Twilio NO_TWILIO = new DeliveryProperties.Twilio(null, null, null, null, null);

  private static final DeliveryProperties.Sns NO_SNS = new DeliveryProperties.Sns(null, null, null, null, null, null);
  private static final DeliveryProperties.Sns SNS =
      new DeliveryProperties.Sns("eu-west-1", "AKIDEXAMPLE", "secret", "http://127.0.0.1:9", null, null);
  private static final DeliveryProperties.Twilio TWILIO =
      new DeliveryProperties.Twilio("AC1", "token", "+15005550006", null, "http://127.0.0.1:9");

  private static DeliveryProperties properties(boolean localOutbox, DeliveryProperties.Twilio twilio) {
    return properties(localOutbox, twilio, NO_SNS, null);
  }

  private static DeliveryProperties properties(boolean localOutbox, DeliveryProperties.Twilio twilio,
      DeliveryProperties.Sns sns, String smsProvider) {
    return properties(localOutbox, twilio, sns, smsProvider, List.of(), List.of());
  }

  private static DeliveryProperties properties(boolean localOutbox, DeliveryProperties.Twilio twilio,
      DeliveryProperties.Sns sns, String smsProvider, List<String> smsChain, List<String> emailChain) {
    return new DeliveryProperties(2, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(60),
        new DeliveryProperties.SendGrid(null, "no-reply@acme.test", "Acme", null), twilio, localOutbox, sns,
        smsProvider, new DeliveryProperties.Chains(smsChain, emailChain), 3,
        new DeliveryProperties.Receipts(null, null));
  }

  @Test
  void aChainIsItsProvidersInTheOrderNamedWhateverWouldBeChosenAlone() {
    Senders senders = new Senders(properties(false, TWILIO, SNS, "twilio", List.of("sns", " twilio"), List.of("smtp")),
        Clock.systemUTC(), new JavaMailSenderImpl());

    assertThat(senders.chain(OutgoingMessage.Channel.SMS)).extracting(MessageSender::name).containsExactly("sns", "twilio");
    assertThat(senders.chain(OutgoingMessage.Channel.EMAIL)).extracting(MessageSender::name).containsExactly("smtp");
    assertThat(senders.forChannel(OutgoingMessage.Channel.SMS).name()).isEqualTo("sns");
  }

  @Test
  void aChainNamingAnUnconfiguredAnotherChannelsOrTheSameProviderTwiceStopsTheStart() {
    assertThatThrownBy(() -> new Senders(properties(true, TWILIO, NO_SNS, null, List.of("twilio", "sns"), List.of()),
        Clock.systemUTC(), null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("SNS_REGION");
    assertThatThrownBy(() -> new Senders(properties(true, TWILIO, SNS, null, List.of("twilio"), List.of("sns")),
        Clock.systemUTC(), null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EMAIL chain names 'sns'");
    assertThatThrownBy(() -> new Senders(properties(true, TWILIO, SNS, null, List.of("twilio", "sns", "twilio"),
        List.of()), Clock.systemUTC(), null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> new Senders(properties(false, TWILIO, SNS, null, List.of("twilio", "outbox"),
        List.of("smtp")), Clock.systemUTC(), new JavaMailSenderImpl())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SMS has no provider");
  }

  @Test
  void smsGoesThroughTheConfiguredVendorTwilioFirstUnlessOneIsNamed() {
    assertThat(new Senders(properties(true, NO_TWILIO, SNS, null), Clock.systemUTC(), null)
        .forChannel(OutgoingMessage.Channel.SMS).name()).isEqualTo("sns");
    assertThat(new Senders(properties(true, TWILIO, SNS, null), Clock.systemUTC(), null)
        .forChannel(OutgoingMessage.Channel.SMS).name()).isEqualTo("twilio");
    assertThat(new Senders(properties(true, TWILIO, SNS, "sns"), Clock.systemUTC(), null)
        .forChannel(OutgoingMessage.Channel.SMS).name()).isEqualTo("sns");
  }

  @Test
  void aNamedVendorWithoutSettingsOrAnUnknownOneStopsTheStart() {
    assertThatThrownBy(() -> new Senders(properties(true, TWILIO, NO_SNS, "sns"), Clock.systemUTC(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SNS_REGION");
    assertThatThrownBy(() -> new Senders(properties(true, NO_TWILIO, SNS, "twilio"), Clock.systemUTC(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TWILIO_ACCOUNT_SID");
    assertThatThrownBy(() -> new Senders(properties(true, TWILIO, SNS, "smpp"), Clock.systemUTC(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("twilio, sns or outbox");
  }

  @Test
  void aChannelWithoutAProviderStopsTheStartOutsideTheLocalProfile() {
    assertThatThrownBy(() -> new Senders(properties(false, NO_TWILIO), Clock.systemUTC(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no provider");
    assertThatThrownBy(() -> new Senders(properties(false, TWILIO), Clock.systemUTC(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("EMAIL has no provider");
  }

  @Test
  void theLocalOutboxTakesChannelsWithoutProviderWhereItIsAllowed() {
    Senders senders = new Senders(properties(true, NO_TWILIO), Clock.systemUTC(), null);

    assertThat(senders.forChannel(OutgoingMessage.Channel.SMS).name()).isEqualTo("outbox");
    assertThat(senders.outboxes()).hasSize(2);
  }

  @Test
  void aMailServerThatNeverAnswersCostsOneTimeoutNotAWorker() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accepted, and never a word: no SMTP greeting
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      JavaMailSenderImpl mail = new JavaMailSenderImpl();
      mail.setHost("127.0.0.1");
      mail.setPort(silent.getLocalPort());
      Senders senders = new Senders(properties(false, TWILIO), Clock.systemUTC(), mail);

      long started = System.nanoTime();
      SendOutcome outcome = senders.forChannel(OutgoingMessage.Channel.EMAIL).send(new OutgoingMessage(
          OutgoingMessage.Channel.EMAIL, "jane@example.com", "Your code", "123456", "<p>123456</p>"));

      assertThat(outcome).isInstanceOf(SendOutcome.Retryable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(mail.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "1000")
          .containsEntry("mail.smtp.connectiontimeout", "1000").containsEntry("mail.smtp.writetimeout", "1000");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
