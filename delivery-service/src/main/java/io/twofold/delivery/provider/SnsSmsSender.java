package io.twofold.delivery.provider;

import io.twofold.delivery.domain.OutgoingMessage;
import io.twofold.delivery.domain.SendOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * SMS through AWS SNS ({@code Publish} to a phone number, signed with Signature Version 4) with the
 * AWS SDK v2, the second SMS vendor ThingsBoard also offers. Codes go as {@code Transactional}
 * messages (SNS's class for messages that must arrive, not marketing). As for Twilio, the outcome
 * follows the HTTP status of the answer whatever its body: SNS's XML errors, a gateway's HTML, or a
 * body the SDK cannot read; throttling (SNS's {@code Throttling} error, or 429) is retried; the SDK
 * itself never retries, so a send is tried once and the worker schedules what follows.
 */
public final class SnsSmsSender implements MessageSender {

  private final SnsClient client;
  private final LastStatus lastStatus = new LastStatus();
  private final Map<String, MessageAttributeValue> attributes = new HashMap<>();
  private final Clock clock;

  /**
   * @param accessKeyId with {@code secretAccessKey} static credentials; both blank: the SDK's default
   *     chain (environment, the pod's web identity, the instance profile)
   * @param baseUrl where SNS is, or null for the region's own endpoint
   * @param senderId an alphanumeric sender id where the destination country allows one, or null
   * @param originationNumber the number (E.164) codes are sent from, or null for SNS's choice
   * @param connections connections to SNS at once: one per delivery worker
   */
  public SnsSmsSender(String region, String accessKeyId, String secretAccessKey, String baseUrl, String senderId,
      String originationNumber, Duration timeout, int connections, Clock clock) {
    this.clock = clock;
    AwsCredentialsProvider credentials = blank(accessKeyId) && blank(secretAccessKey)
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    SnsClientBuilder builder = SnsClient.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(ApacheHttpClient.builder()
            .maxConnections(connections)
            .connectionTimeout(timeout)
            .socketTimeout(timeout)
            .connectionAcquisitionTimeout(timeout)
            .build())
        .overrideConfiguration(override -> override
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(timeout)
            .addExecutionInterceptor(lastStatus));
    if (!blank(baseUrl)) {
      builder.endpointOverride(URI.create(baseUrl));
    }
    this.client = builder.build();
    attributes.put("AWS.SNS.SMS.SMSType", text("Transactional"));
    if (!blank(senderId)) {
      attributes.put("AWS.SNS.SMS.SenderID", text(senderId));
    }
    if (!blank(originationNumber)) {
      attributes.put("AWS.MM.SMS.OriginationNumber", text(originationNumber));
    }
  }

  @Override
  public String name() {
    return "sns";
  }

  @Override
  public OutgoingMessage.Channel channel() {
    return OutgoingMessage.Channel.SMS;
  }

  @Override
  public SendOutcome send(OutgoingMessage message) {
    lastStatus.forget();
    try {
      PublishResponse published = client.publish(request -> request
          .phoneNumber(message.to())
          .message(message.text())
          .messageAttributes(attributes));
      return new SendOutcome.Sent(published.messageId());
    } catch (AwsServiceException refused) {
      // an error answer SNS (or something in front of it) gave: its status decides
      Optional<Duration> retryAfter = refused.awsErrorDetails() == null
          || refused.awsErrorDetails().sdkHttpResponse() == null ? Optional.empty()
          : refused.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
              .flatMap(value -> RetryAfter.parse(value, clock.instant()));
      if (refused.isThrottlingException() && refused.statusCode() != 429 && refused.statusCode() < 500) {
        return new SendOutcome.Retryable("THROTTLED", retryAfter);
      }
      return SendOutcome.ofHttpStatus(refused.statusCode(), null, retryAfter);
    } catch (SdkClientException failed) {
      // no answer (refused connection, timeout), or an answer the SDK could not read
      Optional<Integer> status = lastStatus.get();
      if (status.isEmpty()) {
        return Unanswered.outcome(failed, software.amazon.awssdk.core.exception.ApiCallTimeoutException.class,
            software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.class,
            org.apache.http.conn.ConnectTimeoutException.class);
      }
      // A 2xx is Sent without an id: SNS took the message but its answer could not be read, and
      // sending again would text the user twice.
      return SendOutcome.ofHttpStatus(status.get(), null, Optional.empty());
    }
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The HTTP status of this thread's last answer, whatever its body (the SDK calls on the caller's thread). */
  private static final class LastStatus implements ExecutionInterceptor {

    private final ThreadLocal<Integer> status = new ThreadLocal<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
      status.set(context.httpResponse().statusCode());
    }

    void forget() {
      status.remove();
    }

    Optional<Integer> get() {
      return Optional.ofNullable(status.get());
    }
  }
}
