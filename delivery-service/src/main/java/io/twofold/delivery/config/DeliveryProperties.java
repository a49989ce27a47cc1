package io.twofold.delivery.config;

import java.time.Duration;
import java.util.List;
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
 *     credentials are set, else SNS when its region is set, else the outbox. A one-provider chain;
 *     {@code chains.sms} overrides it
 * @param chains the failover chain of each channel: providers by name, tried in order
 * @param attemptsPerProvider attempts a provider gets for one code before a chain moves on to its
 *     next provider (the last provider of a chain keeps trying until the code expires)
 * @param receipts where providers report what became of a message they accepted
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
    String smsProvider,
    @DefaultValue Chains chains,
    @DefaultValue("3") int attemptsPerProvider,
    @DefaultValue Receipts receipts) {

  /**
   * Providers by name ({@code twilio}, {@code sns}, {@code sendgrid}, {@code smtp}, {@code outbox}),
   * first to last. Empty: the one provider the channel would use alone.
   */
  public record Chains(@DefaultValue List<String> sms, @DefaultValue List<String> email) {}

  /**
   * Delivery receipts.
   *
   * @param publicUrl the address at which providers reach this service's {@code /receipts/...}
   *     endpoints (as they call it: Twilio signs the whole URL); unset, Twilio is not asked for
   *     status callbacks
   * @param sendgridVerificationKey the public key of SendGrid's signed event webhook (base64, as
   *     SendGrid's settings show it); unset, SendGrid's events are refused
   */
  public record Receipts(String publicUrl, String sendgridVerificationKey) {

    /** The status callback URL Twilio is given, or null. */
    public String twilioCallback() {
      return publicUrl == null || publicUrl.isBlank() ? null
          : publicUrl.replaceAll("/+$", "") + "/receipts/twilio";
    }
  }

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
