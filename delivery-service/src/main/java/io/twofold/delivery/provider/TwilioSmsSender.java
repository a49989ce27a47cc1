package io.twofold.delivery.provider;

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
 * form-encoded, Basic auth) with the official SDK, from a number or a Messaging Service. The outcome
 * follows the HTTP status of Twilio's answer, whatever its body: the SDK reads the status from the
 * JSON error's {@code status} field, which a gateway's or proxy's error (HTML, or JSON of another
 * shape) does not have.
 */
public final class TwilioSmsSender implements MessageSender {

  private final TwilioRestClient client;
  private final TwilioHttpClient http;
  private final String from;
  private final String messagingServiceSid;
  private final java.net.URI statusCallback;
  private final java.time.Clock clock;

  /**
   * @param baseUrl where Twilio's API is, or null for Twilio itself
   * @param from the sender number, or null when a Messaging Service sends
   * @param statusCallback where Twilio reports what became of each message (a delivery receipt), or
   *     null for no receipts
   * @param connections connections to Twilio at once: one per delivery worker
   */
  public TwilioSmsSender(String accountSid, String authToken, String from, String messagingServiceSid,
      String baseUrl, String statusCallback, Duration timeout, int connections, java.time.Clock clock) {
    this.http = new TwilioHttpClient(baseUrl, timeout, connections);
    this.clock = clock;
    this.client = new TwilioRestClient.Builder(accountSid, authToken).accountSid(accountSid).httpClient(http).build();
    this.from = from;
    this.messagingServiceSid = messagingServiceSid;
    this.statusCallback = statusCallback == null || statusCallback.isBlank() ? null : java.net.URI.create(statusCallback);
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
    if (statusCallback != null) {
      creator.setStatusCallback(statusCallback);
    }
    http.forget();
    try {
      Message sent = creator.create(client);
      return new SendOutcome.Sent(sent.getSid());
    } catch (ApiException | IllegalArgumentException | IllegalStateException failed) {
      // ApiException for an error answer or a network failure (ApiConnectionException is one); the
      // others when an answer's body could not be read at all
      Optional<Integer> status = http.lastStatus();
      if (status.isEmpty()) {
        return Unanswered.outcome(failed, org.apache.hc.client5.http.ConnectTimeoutException.class);
      }
      // A 2xx is Sent without an id: Twilio took the message but its answer could not be read, and
      // sending again would send twice.
      return SendOutcome.ofHttpStatus(status.get(), null, http.lastRetryAfter(clock.instant()));
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
      var limit = org.apache.hc.core5.util.Timeout.of(timeout);
      var config = org.apache.hc.client5.http.config.RequestConfig.custom()
          .setConnectionRequestTimeout(limit)
          .setResponseTimeout(limit)
          .build();
      // HttpClient 5's default pool allows 5 connections per host: with a 100 ms provider that caps
      // a whole instance at 50 SMS/s whatever the worker count. One connection per worker instead.
      var pool = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
          .setMaxConnPerRoute(connections)
          .setMaxConnTotal(connections)
          .setDefaultConnectionConfig(org.apache.hc.client5.http.config.ConnectionConfig.custom()
              .setConnectTimeout(limit).setSocketTimeout(limit).build())
          .build();
      var builder = org.apache.hc.client5.http.impl.classic.HttpClientBuilder.create()
          .setConnectionManager(pool)
          .setDefaultRequestConfig(config)
          // The SDK sets its own request config on every request (30.5 s to wait for an answer),
          // which would override the default above: put ours back before the request goes out.
          .addRequestInterceptorFirst((request, entity, context) ->
              org.apache.hc.client5.http.protocol.HttpClientContext.castOrCreate(context).setRequestConfig(config))
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

    void forget() {
      last.remove();
    }

    /** The HTTP status of this thread's last answer, whatever its body. */
    Optional<Integer> lastStatus() {
      return Optional.ofNullable(last.get()).map(com.twilio.http.Response::getStatusCode);
    }

    Optional<Duration> lastRetryAfter(java.time.Instant now) {
      com.twilio.http.Response response = last.get();
      if (response == null || response.getHeaders() == null) {
        return Optional.empty();
      }
      for (var header : response.getHeaders()) {
        if (header.getName().equalsIgnoreCase("Retry-After")) {
          return RetryAfter.parse(header.getValue(), now);
        }
      }
      return Optional.empty();
    }
  }
}
