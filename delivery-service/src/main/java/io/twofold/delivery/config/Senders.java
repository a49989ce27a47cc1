package io.twofold.delivery.config;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.provider.MessageSender;
import io.twofold.delivery.provider.OutboxSender;
import io.twofold.delivery.provider.SendGridEmailSender;
import io.twofold.delivery.provider.SmtpEmailSender;
import io.twofold.delivery.provider.SnsSmsSender;
import io.twofold.delivery.provider.TwilioSmsSender;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The sender of each channel: email through SendGrid if its key is set, else SMTP if
 * {@code spring.mail.host} is set, else the local outbox; SMS through Twilio or AWS SNS (the one
 * {@code sms-provider} names, else whichever is configured, Twilio first), or the outbox. The
 * outbox only where {@code twofold.delivery.local-outbox} allows it (the local profile): elsewhere a
 * channel without a provider stops the start.
 */
public final class Senders {

  private static final Logger log = LoggerFactory.getLogger(Senders.class);

  private final Map<OutgoingMessage.Channel, MessageSender> byChannel = new EnumMap<>(OutgoingMessage.Channel.class);

  /** @param smtp the mail sender Boot configures when {@code spring.mail.host} is set, or null */
  public Senders(DeliveryProperties properties, Clock clock, JavaMailSender smtp) {
    var sendgrid = properties.sendgrid();
    MessageSender email;
    if (sendgrid.configured()) {
      email = new SendGridEmailSender(sendgrid.apiKey(), sendgrid.from(), sendgrid.fromName(), sendgrid.baseUrl(),
          properties.providerTimeout(), properties.concurrency(), clock);
    } else if (smtp != null) {
      if (smtp instanceof JavaMailSenderImpl configurable) {
        timeouts(configurable.getJavaMailProperties(), properties.providerTimeout());
      }
      email = new SmtpEmailSender(smtp, sendgrid.from());
    } else {
      email = new OutboxSender(OutgoingMessage.Channel.EMAIL, clock);
    }
    byChannel.put(OutgoingMessage.Channel.EMAIL, email);
    byChannel.put(OutgoingMessage.Channel.SMS, sms(properties, clock));
    if (!properties.localOutbox()) {
      byChannel.values().stream().filter(OutboxSender.class::isInstance).findFirst().ifPresent(unsent -> {
        throw new IllegalStateException(unsent.channel() + " has no provider: set " + (unsent.channel()
            == OutgoingMessage.Channel.SMS ? "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or SNS_REGION"
            : "SENDGRID_API_KEY or spring.mail.host") + ". Codes go to the local outbox only in the local profile"
            + " (twofold.delivery.local-outbox), never silently nowhere.");
      });
    }
    byChannel.values().forEach(sender -> log.info("{} messages go through {}", sender.channel(), sender.name()));
  }

  private static MessageSender sms(DeliveryProperties properties, Clock clock) {
    var twilio = properties.twilio();
    var sns = properties.sns();
    String chosen = properties.smsProvider();
    if (chosen == null || chosen.isBlank()) {
      chosen = twilio.configured() ? "twilio" : sns.configured() ? "sns" : "outbox";
    }
    return switch (chosen) {
      case "twilio" -> {
        if (!twilio.configured()) {
          throw new IllegalStateException("SMS goes through twilio: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
        }
        yield new TwilioSmsSender(twilio.accountSid(), twilio.authToken(), twilio.from(), twilio.messagingServiceSid(),
            twilio.baseUrl(), properties.providerTimeout(), properties.concurrency(), clock);
      }
      case "sns" -> {
        if (!sns.configured()) {
          throw new IllegalStateException("SMS goes through sns: set SNS_REGION");
        }
        yield new SnsSmsSender(sns.region(), sns.accessKeyId(), sns.secretAccessKey(), sns.baseUrl(), sns.senderId(),
            sns.originationNumber(), properties.providerTimeout(), properties.concurrency(), clock);
      }
      case "outbox" -> new OutboxSender(OutgoingMessage.Channel.SMS, clock);
      default -> throw new IllegalStateException(
          "twofold.delivery.sms-provider is '" + chosen + "': it can be twilio, sns or outbox");
    };
  }

  /**
   * JavaMail waits for ever by default (mail.smtp.*timeout unset): a mail server that accepts the
   * connection and never answers would hold a worker for good. Values set explicitly are kept.
   */
  static void timeouts(java.util.Properties mail, java.time.Duration timeout) {
    String millis = Long.toString(timeout.toMillis());
    mail.putIfAbsent("mail.smtp.connectiontimeout", millis);
    mail.putIfAbsent("mail.smtp.timeout", millis);
    mail.putIfAbsent("mail.smtp.writetimeout", millis);
  }

  public MessageSender forChannel(OutgoingMessage.Channel channel) {
    return byChannel.get(channel);
  }

  public List<OutboxSender> outboxes() {
    return byChannel.values().stream().filter(OutboxSender.class::isInstance).map(OutboxSender.class::cast).toList();
  }
}
