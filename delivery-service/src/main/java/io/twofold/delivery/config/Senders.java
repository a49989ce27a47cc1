package io.twofold.delivery.config;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.provider.MessageSender;
import io.twofold.delivery.provider.OutboxSender;
import io.twofold.delivery.provider.SendGridEmailSender;
import io.twofold.delivery.provider.SmtpEmailSender;
import org.springframework.mail.javamail.JavaMailSender;
import io.twofold.delivery.provider.TwilioSmsSender;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender of each channel: email through SendGrid if its key is set, else SMTP if
 * {@code spring.mail.host} is set, else the local outbox; SMS through Twilio or the outbox.
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
          properties.providerTimeout(), properties.concurrency());
    } else if (smtp != null) {
      email = new SmtpEmailSender(smtp, sendgrid.from());
    } else {
      email = new OutboxSender(OutgoingMessage.Channel.EMAIL, clock);
    }
    byChannel.put(OutgoingMessage.Channel.EMAIL, email);
    var twilio = properties.twilio();
    byChannel.put(OutgoingMessage.Channel.SMS, twilio.configured()
        ? new TwilioSmsSender(twilio.accountSid(), twilio.authToken(), twilio.from(), twilio.messagingServiceSid(),
            twilio.baseUrl(), properties.providerTimeout(), properties.concurrency())
        : new OutboxSender(OutgoingMessage.Channel.SMS, clock));
    byChannel.values().forEach(sender -> log.info("{} messages go through {}", sender.channel(), sender.name()));
  }

  public MessageSender forChannel(OutgoingMessage.Channel channel) {
    return byChannel.get(channel);
  }

  public List<OutboxSender> outboxes() {
    return byChannel.values().stream().filter(OutboxSender.class::isInstance).map(OutboxSender.class::cast).toList();
  }
}
