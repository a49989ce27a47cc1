package io.twofold.delivery.provider;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Email through an SMTP server (Spring Mail, {@code spring.mail.*}), as a multipart message with
 * plain text and HTML. SMTP 4xx replies are transient (RFC 5321 §4.2.1) and retried; 5xx are not.
 */
public final class SmtpEmailSender implements MessageSender {

  private final JavaMailSender mail;
  private final String from;

  public SmtpEmailSender(JavaMailSender mail, String from) {
    this.mail = mail;
    this.from = from;
  }

  @Override
  public String name() {
    return "smtp";
  }

  @Override
  public OutgoingMessage.Channel channel() {
    return OutgoingMessage.Channel.EMAIL;
  }

  @Override
  public SendOutcome send(OutgoingMessage message) {
    try {
      MimeMessage mime = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
      helper.setFrom(from);
      helper.setTo(message.to());
      helper.setSubject(message.subject());
      helper.setText(message.text(), message.html());
      mail.send(mime);
      return new SendOutcome.Sent(mime.getMessageID());
    } catch (MailAuthenticationException rejected) {
      return new SendOutcome.Failed("SMTP_AUTH");
    } catch (MailSendException failed) {
      return classify(failed);
    } catch (MailException | MessagingException other) {
      return new SendOutcome.Retryable("SMTP_CONNECTION", Optional.empty());
    }
  }

  private static SendOutcome classify(MailSendException failed) {
    for (Exception cause : failed.getFailedMessages().values()) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof SMTPSendFailedException smtp) {
          int code = smtp.getReturnCode();
          return code >= 400 && code < 500
              ? new SendOutcome.Retryable("SMTP_" + code, Optional.empty())
              : new SendOutcome.Failed("SMTP_" + code);
        }
      }
    }
    return new SendOutcome.Retryable("SMTP_CONNECTION", Optional.empty());
  }
}
