package io.twofold.delivery.budget;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Toll-fraud budgets for SMS: how many codes may go, per hour and per day, to one number, to one
 * number prefix, to one country calling code, for one tenant and for the whole deployment, before
 * delivery refuses to send (0 turns a budget off). The defaults are set far above what sign-ins
 * need and far below what a pumping run needs (delivery-service README, "Toll-fraud budgets").
 *
 * @param destination one phone number: a person signs in a few times an hour at most
 * @param prefix one number prefix (country code and the first {@code prefixDigits} national
 *     digits): pumping spreads over many numbers of one premium range, which this catches
 * @param country one country calling code
 * @param tenant one tenant's users together
 * @param global the whole deployment
 * @param prefixDigits national digits that make a prefix
 * @param numberTypes the libphonenumber types a code may be sent to (premium-rate, shared-cost,
 *     toll-free, VoIP and unknown ranges are where pumping earns)
 * @param enabled off only for load benchmarks, which send thousands of codes to one range
 */
@ConfigurationProperties("twofold.delivery.sms-budgets")
public record SmsBudgetProperties(
    Windows destination,
    Windows prefix,
    Windows country,
    Windows tenant,
    Windows global,
    @DefaultValue("4") int prefixDigits,
    @DefaultValue({"MOBILE", "FIXED_LINE_OR_MOBILE"}) Set<String> numberTypes,
    @DefaultValue("true") boolean enabled) {

  public SmsBudgetProperties {
    destination = Windows.orDefaults(destination, 10, 20);
    prefix = Windows.orDefaults(prefix, 120, 600);
    country = Windows.orDefaults(country, 1_000, 10_000);
    tenant = Windows.orDefaults(tenant, 1_000, 10_000);
    global = Windows.orDefaults(global, 10_000, 100_000);
  }

  /** Codes allowed per clock hour and per UTC day; 0 = no limit in that window. */
  public record Windows(Integer hourly, Integer daily) {
    static Windows orDefaults(Windows set, int hourly, int daily) {
      return set == null ? new Windows(hourly, daily)
          : new Windows(set.hourly() == null ? hourly : set.hourly(), set.daily() == null ? daily : set.daily());
    }
  }
}
