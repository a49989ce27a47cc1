package io.twofold.delivery.provider;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Email through SendGrid's v3 Mail Send API ({@code POST /v3/mail/send}, bearer API key) with the
 * official SDK. {@code baseUrl} points it elsewhere (tests, a local fake); {@code http://} is
 * honoured there only.
 */
public final class SendGridEmailSender implements MessageSender {

  private final SendGrid client;
  private final Email from;
  private final java.time.Clock clock;

  /** The custom argument that carries the request id to SendGrid's event webhook. */
  public static final String REQUEST_ID_ARGUMENT = "twofold_request_id";

  /** @param connections connections to SendGrid at once: one per delivery worker */
  public SendGridEmailSender(String apiKey, String fromAddress, String fromName, String baseUrl,
      java.time.Duration timeout, int connections, java.time.Clock clock) {
    this.clock = clock;
    java.net.URI base = baseUrl == null || baseUrl.isBlank() ? null : java.net.URI.create(baseUrl);
    boolean plainHttp = base != null && "http".equals(base.getScheme());
    int millis = (int) timeout.toMillis();
    var http = org.apache.http.impl.client.HttpClients.custom()
        .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
            .setConnectTimeout(millis).setConnectionRequestTimeout(millis).setSocketTimeout(millis).build())
        .disableAutomaticRetries() // retries are the worker's, scheduled, never a sleeping thread
        .setMaxConnPerRoute(connections)
        .setMaxConnTotal(connections)
        .build();
    this.client = new SendGrid(apiKey, new com.sendgrid.Client(http, plainHttp));
    if (base != null) {
      client.setHost(base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort());
    }
    this.from = new Email(fromAddress, fromName);
  }

  @Override
  public String name() {
    return "sendgrid";
  }

  @Override
  public OutgoingMessage.Channel channel() {
    return OutgoingMessage.Channel.EMAIL;
  }

  @Override
  public SendOutcome send(OutgoingMessage message) {
    Mail mail = new Mail(from, message.subject(), new Email(message.to()), new Content("text/plain", message.text()));
    mail.addContent(new Content("text/html", message.html()));
    if (message.reference() != null) {
      // comes back in each event of the event webhook: the receipt names the request it is about
      mail.addCustomArg(REQUEST_ID_ARGUMENT, message.reference());
    }
    Request request = new Request();
    request.setMethod(Method.POST);
    request.setEndpoint("mail/send");
    try {
      request.setBody(mail.build());
      Response response = client.api(request);
      Map<String, String> headers = response.getHeaders();
      return SendOutcome.ofHttpStatus(response.getStatusCode(), header(headers, "X-Message-Id"),
          RetryAfter.parse(header(headers, "Retry-After"), clock.instant()));
    } catch (java.net.SocketTimeoutException e) {
      return new SendOutcome.Retryable("TIMEOUT", Optional.empty());
    } catch (IOException e) {
      return new SendOutcome.Retryable("IO_" + e.getClass().getSimpleName(), Optional.empty());
    }
  }

  private static String header(Map<String, String> headers, String name) {
    return headers == null ? null : headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
  }
}
