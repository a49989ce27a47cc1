package io.twofold.delivery.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery's settings. A channel without provider credentials goes to the local outbox only where
 * {@code localOutbox} is on (the local profile); anywhere else the service refuses to start rather
 * than report codes as sent that nobody sends.
 *
 * @param concurrency sends in flight at once per instance and channel: each channel has its own
 *     workers (a bulkhead), so a stalled mail server never holds up SMS
 * @param providerTimeout connect, read and write timeout of one provider call (HTTP and SMTP)
 * @param lease how long a claimed job is reserved before another worker may take it over; renewed
 *     every third of it while the send is in progress, so it outlasts the longest send and ends
 *     only when the instance holding it died
 * @param pollInterval how often due and abandoned jobs are looked for
 * @param localOutbox whether a channel without a provider may go to the local outbox
 * @param smsProvider {@code twilio}, {@code sns} or {@code outbox}; unset: Twilio when its
 *     credentials are set, else SNS when its region is set, else the outbox
 */
@ConfigurationProperties("twofold.delivery")
public record DeliveryProperties(
    @DefaultValue("64") int concurrency,
    @DefaultValue("10s") Duration providerTimeout,
    @DefaultValue("60s") Duration lease,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("1s") Duration backoffBase,
    @DefaultValue("60s") Duration backoffCap,
    @DefaultValue SendGrid sendgrid,
    @DefaultValue Twilio twilio,
    @DefaultValue("false") boolean localOutbox,
    @DefaultValue Sns sns,
    String smsProvider) {

  public record SendGrid(String apiKey, @DefaultValue("no-reply@twofold.local") String from,
      @DefaultValue("Twofold") String fromName, String baseUrl) {
    public boolean configured() {
      return apiKey != null && !apiKey.isBlank();
    }
  }

  /**
   * AWS SNS: the region turns it on; without keys the SDK's default credentials chain applies (the
   * pod's web identity, the instance profile, AWS_* environment variables).
   */
  public record Sns(String region, String accessKeyId, String secretAccessKey, String baseUrl, String senderId,
      String originationNumber) {
    public boolean configured() {
      return region != null && !region.isBlank();
    }
  }

  public record Twilio(String accountSid, String authToken, String from, String messagingServiceSid, String baseUrl) {
    public boolean configured() {
      return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }
  }
}
