package io.twofold.delivery.budget;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Charges an SMS to every budget it falls under before it is sent, and refuses it when one is spent
 * or the number is of a type codes never go to. A refused send costs no budget (the units already
 * taken are given back). Each code is charged once: delivery charges a job on its first attempt
 * only, so retries of a code a provider failed to take do not count again.
 */
public final class SmsBudgets {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** What a refusal names: a budget ("PREFIX_HOURLY") or "NUMBER_TYPE". */
  public record Refusal(String budget) {}

  private final BudgetStore store;
  private final SmsBudgetProperties properties;
  private final Clock clock;

  public SmsBudgets(BudgetStore store, SmsBudgetProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** @return the refusal, or empty when the send was charged to every budget */
  public Optional<Refusal> charge(String e164, String tenantId) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    PhoneNumber number;
    try {
      number = PHONES.parse(e164, null);
    } catch (NumberParseException unparsable) {
      return Optional.of(new Refusal("NUMBER_TYPE"));
    }
    if (!properties.numberTypes().contains(PHONES.getNumberType(number).name())) {
      return Optional.of(new Refusal("NUMBER_TYPE"));
    }
    String country = String.valueOf(number.getCountryCode());
    String national = PHONES.getNationalSignificantNumber(number);
    String prefix = country + "-" + national.substring(0, Math.min(properties.prefixDigits(), national.length()));
    Instant now = clock.instant();
    List<String> taken = new ArrayList<>();
    for (Budget budget : List.of(
        new Budget("DESTINATION", country + "-" + national, properties.destination()),
        new Budget("PREFIX", prefix, properties.prefix()),
        new Budget("COUNTRY", country, properties.country()),
        new Budget("TENANT", tenantId == null ? "-" : tenantId, properties.tenant()),
        new Budget("GLOBAL", "all", properties.global()))) {
      for (Window window : Window.values()) {
        int limit = window.limit(budget.windows());
        if (limit <= 0) {
          continue;
        }
        Instant start = now.truncatedTo(window.unit);
        String key = budget.name() + ":" + budget.value() + ":" + window.name() + ":" + start.getEpochSecond();
        if (!store.take(key, limit, start.plus(window.length))) {
          taken.forEach(store::giveBack);
          return Optional.of(new Refusal(budget.name() + "_" + window.name()));
        }
        taken.add(key);
      }
    }
    return Optional.empty();
  }

  /**
   * The range of a number as metrics and events name it: its country calling code and the first two
   * digits of its national number ({@code +380 67}), a few hundred values per country at most, so a
   * label stays bounded and never names a person. {@code unknown} for what does not parse.
   */
  public static String range(String e164) {
    try {
      PhoneNumber number = PHONES.parse(e164, null);
      String national = PHONES.getNationalSignificantNumber(number);
      return "+" + number.getCountryCode() + " " + national.substring(0, Math.min(2, national.length()));
    } catch (NumberParseException unparsable) {
      return "unknown";
    }
  }

  private record Budget(String name, String value, SmsBudgetProperties.Windows windows) {}

  /** Fixed windows: the clock hour and the UTC day. */
  private enum Window {
    HOURLY(ChronoUnit.HOURS, Duration.ofHours(1)),
    DAILY(ChronoUnit.DAYS, Duration.ofDays(1));

    final ChronoUnit unit;
    final Duration length;

    Window(ChronoUnit unit, Duration length) {
      this.unit = unit;
      this.length = length;
    }

    int limit(SmsBudgetProperties.Windows windows) {
      return this == HOURLY ? windows.hourly() : windows.daily();
    }
  }
}
