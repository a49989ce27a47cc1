package io.twofold.delivery.provider;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * SMS through Twilio's Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json},
 * form-encoded, Basic auth) with the official SDK, from a number or a Messaging Service.
 */
public final class TwilioSmsSender implements MessageSender {

  private final TwilioRestClient client;
  private final TwilioHttpClient http;
  private final String from;
  private final String messagingServiceSid;

  /**
   * @param baseUrl where Twilio's API is, or null for Twilio itself
   * @param from the sender number, or null when a Messaging Service sends
   * @param connections connections to Twilio at once: one per delivery worker
   */
  public TwilioSmsSender(String accountSid, String authToken, String from, String messagingServiceSid,
      String baseUrl, Duration timeout, int connections) {
    this.http = new TwilioHttpClient(baseUrl, timeout, connections);
    this.client = new TwilioRestClient.Builder(accountSid, authToken).accountSid(accountSid).httpClient(http).build();
    this.from = from;
    this.messagingServiceSid = messagingServiceSid;
  }

  @Override
  public String name() {
    return "twilio";
  }

  @Override
  public OutgoingMessage.Channel channel() {
    return OutgoingMessage.Channel.SMS;
  }

  @Override
  public SendOutcome send(OutgoingMessage message) {
    MessageCreator creator = messagingServiceSid != null && !messagingServiceSid.isBlank()
        ? Message.creator(new PhoneNumber(message.to()), messagingServiceSid, message.text())
        : Message.creator(new PhoneNumber(message.to()), new PhoneNumber(from), message.text());
    try {
      Message sent = creator.create(client);
      return new SendOutcome.Sent(sent.getSid());
    } catch (ApiException rejected) {
      Integer status = rejected.getStatusCode();
      return SendOutcome.ofHttpStatus(status == null ? 500 : status, null, http.lastRetryAfter());
    } catch (ApiConnectionException unreachable) {
      boolean timedOut = unreachable.getCause() instanceof java.net.SocketTimeoutException;
      return new SendOutcome.Retryable(timedOut ? "TIMEOUT" : "CONNECTION", Optional.empty());
    }
  }

  /** The SDK's HTTP client, pointed at {@code baseUrl} when set, without the SDK's own blocking retries. */
  static final class TwilioHttpClient extends NetworkHttpClient {

    private final ThreadLocal<com.twilio.http.Response> last = new ThreadLocal<>();

    TwilioHttpClient(String baseUrl, Duration timeout, int connections) {
      super(builder(baseUrl, timeout, connections));
    }

    private static org.apache.hc.client5.http.impl.classic.HttpClientBuilder builder(
        String baseUrl, Duration timeout, int connections) {
      var config = org.apache.hc.client5.http.config.RequestConfig.custom()
          .setConnectionRequestTimeout(org.apache.hc.core5.util.Timeout.of(timeout))
          .setResponseTimeout(org.apache.hc.core5.util.Timeout.of(timeout))
          .build();
      // HttpClient 5's default pool allows 5 connections per host: with a 100 ms provider that caps
      // a whole instance at 50 SMS/s whatever the worker count. One connection per worker instead.
      var pool = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
          .setMaxConnPerRoute(connections)
          .setMaxConnTotal(connections)
          .build();
      var builder = org.apache.hc.client5.http.impl.classic.HttpClientBuilder.create()
          .setConnectionManager(pool)
          .setDefaultRequestConfig(config)
          // HttpClient 5 would retry a 429 or 503 itself, sleeping out Retry-After on this thread.
          .disableAutomaticRetries()
          .useSystemProperties();
      if (baseUrl != null && !baseUrl.isBlank()) {
        var target = org.apache.hc.core5.http.HttpHost.create(java.net.URI.create(baseUrl));
        builder.setRoutePlanner((host, context) -> new org.apache.hc.client5.http.HttpRoute(target));
      }
      return builder;
    }

    /** One attempt only: the delivery worker schedules retries without blocking a thread. */
    @Override
    public com.twilio.http.Response reliableRequest(com.twilio.http.Request request) {
      com.twilio.http.Response response = makeRequest(request);
      last.set(response);
      return response;
    }

    Optional<Duration> lastRetryAfter() {
      com.twilio.http.Response response = last.get();
      if (response == null || response.getHeaders() == null) {
        return Optional.empty();
      }
      for (var header : response.getHeaders()) {
        if (header.getName().equalsIgnoreCase("Retry-After")) {
          return RetryAfter.parse(header.getValue());
        }
      }
      return Optional.empty();
    }
  }
}
