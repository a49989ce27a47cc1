package io.twofold.delivery.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery's settings. Without SendGrid or Twilio credentials, that channel goes to the local
 * outbox.
 *
 * @param concurrency sends in flight at once per instance (provider calls wait on the network)
 * @param providerTimeout connect and read timeout of one provider call
 * @param lease how long a claimed job is reserved before another worker may take it over
 * @param pollInterval how often due and abandoned jobs are looked for
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
    @DefaultValue Twilio twilio) {

  public record SendGrid(String apiKey, @DefaultValue("no-reply@twofold.local") String from,
      @DefaultValue("Twofold") String fromName, String baseUrl) {
    public boolean configured() {
      return apiKey != null && !apiKey.isBlank();
    }
  }

  public record Twilio(String accountSid, String authToken, String from, String messagingServiceSid, String baseUrl) {
    public boolean configured() {
      return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }
  }
}
