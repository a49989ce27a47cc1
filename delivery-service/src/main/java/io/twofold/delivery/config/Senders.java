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
 * The failover chain of each channel: the providers {@code chains.sms} and {@code chains.email}
 * name, in order. Without a chain, one provider: email through SendGrid if its key is set, else
 * SMTP if {@code spring.mail.host} is set, else the local outbox; SMS through Twilio or AWS SNS (the
 * one {@code sms-provider} names, else whichever is configured, Twilio first), or the outbox. The
 * outbox only where {@code twofold.delivery.local-outbox} allows it (the local profile): elsewhere a
 * channel without a provider stops the start, and so does a chain naming a provider that is not
 * configured or belongs to the other channel.
 */
public final class Senders {

  private static final Logger log = LoggerFactory.getLogger(Senders.class);

  private final Map<OutgoingMessage.Channel, List<MessageSender>> chains = new EnumMap<>(OutgoingMessage.Channel.class);

  /** @param smtp the mail sender Boot configures when {@code spring.mail.host} is set, or null */
  public Senders(DeliveryProperties properties, Clock clock, JavaMailSender smtp) {
    List<String> email = properties.chains().email();
    if (email.isEmpty()) {
      email = List.of(properties.sendgrid().configured() ? "sendgrid" : smtp != null ? "smtp" : "outbox");
    }
    List<String> sms = properties.chains().sms();
    if (sms.isEmpty()) {
      String chosen = properties.smsProvider();
      if (chosen == null || chosen.isBlank()) {
        chosen = properties.twilio().configured() ? "twilio" : properties.sns().configured() ? "sns" : "outbox";
      }
      sms = List.of(chosen);
    }
    chains.put(OutgoingMessage.Channel.EMAIL, chain(OutgoingMessage.Channel.EMAIL, email, properties, clock, smtp));
    chains.put(OutgoingMessage.Channel.SMS, chain(OutgoingMessage.Channel.SMS, sms, properties, clock, smtp));
    if (!properties.localOutbox()) {
      outboxes().stream().findFirst().ifPresent(unsent -> {
        throw new IllegalStateException(unsent.channel() + " has no provider: set " + (unsent.channel()
            == OutgoingMessage.Channel.SMS ? "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or SNS_REGION"
            : "SENDGRID_API_KEY or spring.mail.host") + ". Codes go to the local outbox only in the local profile"
            + " (twofold.delivery.local-outbox), never silently nowhere.");
      });
    }
    chains.forEach((channel, chain) -> log.info("{} messages go through {}", channel,
        chain.stream().map(MessageSender::name).collect(java.util.stream.Collectors.joining(" then "))));
  }

  private static List<MessageSender> chain(OutgoingMessage.Channel channel, List<String> names,
      DeliveryProperties properties, Clock clock, JavaMailSender smtp) {
    List<String> trimmed = names.stream().map(String::trim).toList();
    if (trimmed.stream().distinct().count() != trimmed.size()) {
      throw new IllegalStateException("the " + channel + " chain " + trimmed + " names a provider twice");
    }
    return trimmed.stream().map(name -> sender(channel, name, properties, clock, smtp)).toList();
  }

  private static MessageSender sender(OutgoingMessage.Channel channel, String name, DeliveryProperties properties,
      Clock clock, JavaMailSender smtp) {
    MessageSender sender = switch (name) {
      case "sendgrid" -> {
        var sendgrid = properties.sendgrid();
        if (!sendgrid.configured()) {
          throw new IllegalStateException("email goes through sendgrid: set SENDGRID_API_KEY");
        }
        yield new SendGridEmailSender(sendgrid.apiKey(), sendgrid.from(), sendgrid.fromName(), sendgrid.baseUrl(),
            properties.providerTimeout(), properties.concurrency(), clock);
      }
      case "smtp" -> {
        if (smtp == null) {
          throw new IllegalStateException("email goes through smtp: set spring.mail.host");
        }
        if (smtp instanceof JavaMailSenderImpl configurable) {
          timeouts(configurable.getJavaMailProperties(), properties.providerTimeout());
        }
        yield new SmtpEmailSender(smtp, properties.sendgrid().from());
      }
      case "twilio" -> {
        var twilio = properties.twilio();
        if (!twilio.configured()) {
          throw new IllegalStateException("SMS goes through twilio: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
        }
        yield new TwilioSmsSender(twilio.accountSid(), twilio.authToken(), twilio.from(), twilio.messagingServiceSid(),
            twilio.baseUrl(), properties.receipts().twilioCallback(), properties.providerTimeout(),
            properties.concurrency(), clock);
      }
      case "sns" -> {
        var sns = properties.sns();
        if (!sns.configured()) {
          throw new IllegalStateException("SMS goes through sns: set SNS_REGION");
        }
        yield new SnsSmsSender(sns.region(), sns.accessKeyId(), sns.secretAccessKey(), sns.baseUrl(), sns.senderId(),
            sns.originationNumber(), properties.providerTimeout(), properties.concurrency(), clock);
      }
      case "outbox" -> new OutboxSender(channel, clock);
      default -> throw new IllegalStateException("the " + channel + " chain names '" + name
          + "': it can name " + (channel == OutgoingMessage.Channel.SMS ? "twilio, sns" : "sendgrid, smtp")
          + " or outbox");
    };
    if (sender.channel() != channel) {
      throw new IllegalStateException("the " + channel + " chain names '" + name + "', which sends " + sender.channel());
    }
    return sender;
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

  /** The providers of a channel, first to last; never empty. */
  public List<MessageSender> chain(OutgoingMessage.Channel channel) {
    return chains.get(channel);
  }

  /** The first provider of a channel's chain. */
  public MessageSender forChannel(OutgoingMessage.Channel channel) {
    return chains.get(channel).get(0);
  }

  public List<OutboxSender> outboxes() {
    return chains.values().stream().flatMap(List::stream).filter(OutboxSender.class::isInstance)
        .map(OutboxSender.class::cast).toList();
  }
}
