package io.twofold.delivery.message;

import io.twofold.delivery.domain.OutgoingMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders codes into messages. SMS use the policy's template ({@code ${code}}, {@code ${userEmail}}),
 * or the localized default; email has a localized subject, plain text and HTML. Shipped languages:
 * English and German, falling back to English for any other locale.
 */
public final class MessageRenderer {

  private final MessageSource messages;

  public MessageRenderer() {
    ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    source.setBasename("messages/delivery");
    source.setDefaultEncoding("UTF-8");
    source.setFallbackToSystemLocale(false);
    this.messages = source;
  }

  /**
   * @param purpose LOGIN or ENROLLMENT
   * @param template the policy's SMS template, or null for the default
   */
  public OutgoingMessage sms(String to, String code, String template, Map<String, String> parameters, String locale) {
    Locale language = locale(locale);
    String text = template != null && !template.isBlank()
        ? template
        : messages.getMessage("sms.default", null, language);
    String rendered = text.replace("${code}", code).replace("${userEmail}", parameters.getOrDefault("userEmail", ""));
    return new OutgoingMessage(OutgoingMessage.Channel.SMS, to, null, rendered, null);
  }

  public OutgoingMessage email(String to, String code, String purpose, Duration validFor, String locale) {
    Locale language = locale(locale);
    String kind = "ENROLLMENT".equals(purpose) ? "enrollment" : "login";
    // Whole minutes, rounded up: a code valid for 119 s "expires in 2 minutes", not 1.
    long minutes = Math.max(1, (validFor.toSeconds() + 59) / 60);
    Object[] args = {code, minutes};
    String subject = messages.getMessage("email." + kind + ".subject", null, language);
    String text = messages.getMessage("email." + kind + ".text", args, language);
    String html = "<!doctype html><html><body><p>"
        + HtmlUtils.htmlEscape(messages.getMessage("email." + kind + ".intro", null, language))
        + "</p><p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">" + HtmlUtils.htmlEscape(code)
        + "</p><p>" + HtmlUtils.htmlEscape(messages.getMessage("email.expiry", new Object[] {args[1]}, language))
        + "</p><p>" + HtmlUtils.htmlEscape(messages.getMessage("email.ignore", null, language))
        + "</p></body></html>";
    return new OutgoingMessage(OutgoingMessage.Channel.EMAIL, to, subject, text, html);
  }

  private static Locale locale(String tag) {
    return tag == null || tag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(tag);
  }
}
