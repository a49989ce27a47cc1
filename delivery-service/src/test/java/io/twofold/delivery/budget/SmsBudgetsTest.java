package io.twofold.delivery.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.twofold.testsupport.ServiceIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Toll-fraud budgets on the real Mongo wire server. Each test runs in an hour of its own (a fixed
 * clock in the future), so the global and country counters of one test never meet another's.
 */
@ServiceIntegrationTest
@ActiveProfiles("local")
class SmsBudgetsTest {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  /** Two UK mobile ranges: "07400 1xxxxx" and "07800 1xxxxx". */
  private static final String RANGE_A = "+4474001";
  private static final String RANGE_B = "+4478001";

  @Autowired MongoTemplate mongo;

  private static Instant anHourOfItsOwn() {
    return Instant.parse("2031-01-01T00:00:00Z").plus(Duration.ofHours(ThreadLocalRandom.current().nextInt(1, 80_000)));
  }

  private SmsBudgets budgets(Instant at, SmsBudgetProperties properties) {
    return new SmsBudgets(new BudgetStore(mongo), properties, Clock.fixed(at, ZoneOffset.UTC));
  }

  private static SmsBudgetProperties limits(int destinationHourly, int destinationDaily, int prefixHourly, int tenantHourly) {
    return new SmsBudgetProperties(new SmsBudgetProperties.Windows(destinationHourly, destinationDaily),
        new SmsBudgetProperties.Windows(prefixHourly, null), null, new SmsBudgetProperties.Windows(tenantHourly, null),
        null, 4, Set.of("MOBILE", "FIXED_LINE_OR_MOBILE"), true);
  }

  private static String number(String range, int index) {
    String e164 = range + String.format("%05d", index);
    assertThat(PHONES.getNumberType(parse(e164))).as(e164).isIn(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);
    return e164;
  }

  private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parse(String e164) {
    try {
      return PHONES.parse(e164, null);
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void pumpingOneRangeFromManyAccountsIsStoppedAtItsPrefixBudgetWhileOtherRangesStillGetCodes() {
    SmsBudgets budgets = budgets(anHourOfItsOwn(), limits(10, 20, 5, 1_000));
    List<Optional<SmsBudgets.Refusal>> pumped = new ArrayList<>();
    for (int account = 0; account < 40; account++) {
      pumped.add(budgets.charge(number(RANGE_A, account), "tenant-" + UUID.randomUUID()));
    }

    assertThat(pumped.subList(0, 5)).allMatch(Optional::isEmpty);
    assertThat(pumped.subList(5, 40)).allSatisfy(refusal ->
        assertThat(refusal).contains(new SmsBudgets.Refusal("PREFIX_HOURLY")));
    for (int user = 0; user < 5; user++) {
      assertThat(budgets.charge(number(RANGE_B, user), "tenant-legit")).as("another range").isEmpty();
    }
  }

  @Test
  void oneNumberGetsItsHourlyBudgetThenItsDailyOneAcrossHours() {
    Instant hour = anHourOfItsOwn().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(3));
    SmsBudgetProperties limits = limits(2, 3, 1_000, 1_000);
    String phone = number(RANGE_B, ThreadLocalRandom.current().nextInt(100_000));

    assertThat(budgets(hour, limits).charge(phone, "t")).isEmpty();
    assertThat(budgets(hour, limits).charge(phone, "t")).isEmpty();
    assertThat(budgets(hour, limits).charge(phone, "t")).contains(new SmsBudgets.Refusal("DESTINATION_HOURLY"));
    Instant next = hour.plus(Duration.ofHours(1));
    assertThat(budgets(next, limits).charge(phone, "t")).isEmpty();
    assertThat(budgets(next, limits).charge(phone, "t")).contains(new SmsBudgets.Refusal("DESTINATION_DAILY"));
  }

  @Test
  void aRefusedSendCostsNoOtherBudget() {
    SmsBudgets budgets = budgets(anHourOfItsOwn(), limits(1, 10, 1_000, 3));
    String tenant = "tenant-" + UUID.randomUUID();
    String phone = number(RANGE_A, 77_001);

    assertThat(budgets.charge(phone, tenant)).isEmpty();
    for (int again = 0; again < 5; again++) {
      assertThat(budgets.charge(phone, tenant)).contains(new SmsBudgets.Refusal("DESTINATION_HOURLY"));
    }
    // the five refusals took nothing from the tenant's 3: two more numbers still fit, the third not
    assertThat(budgets.charge(number(RANGE_A, 77_002), tenant)).isEmpty();
    assertThat(budgets.charge(number(RANGE_A, 77_003), tenant)).isEmpty();
    assertThat(budgets.charge(number(RANGE_A, 77_004), tenant)).contains(new SmsBudgets.Refusal("TENANT_HOURLY"));
  }

  @Test
  void premiumRateAndOtherNonMobileNumbersNeverGetACode() {
    SmsBudgets budgets = budgets(anHourOfItsOwn(), limits(10, 20, 100, 100));
    int checked = 0;
    for (PhoneNumberType type : List.of(PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
        PhoneNumberType.TOLL_FREE, PhoneNumberType.VOIP, PhoneNumberType.FIXED_LINE)) {
      var example = PHONES.getExampleNumberForType("GB", type);
      if (example == null) {
        continue; // the metadata has no example of this type for GB
      }
      String e164 = PHONES.format(example, PhoneNumberFormat.E164);

      assertThat(budgets.charge(e164, "t")).as(type + " " + e164).contains(new SmsBudgets.Refusal("NUMBER_TYPE"));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
    assertThat(budgets.charge("+44", "t")).contains(new SmsBudgets.Refusal("NUMBER_TYPE"));
  }

  @Test
  void parallelSendsOnManyThreadsNeverPassABudget() throws Exception {
    SmsBudgets budgets = budgets(anHourOfItsOwn(), limits(10, 20, 7, 1_000));
    java.util.concurrent.atomic.AtomicInteger accounts = new java.util.concurrent.atomic.AtomicInteger(50_000);

    List<Optional<SmsBudgets.Refusal>> sends = io.twofold.testsupport.Parallel.run(60, () ->
        budgets.charge(number(RANGE_A, accounts.getAndIncrement()), "tenant-" + UUID.randomUUID()));

    assertThat(sends.stream().filter(Optional::isEmpty).count()).isEqualTo(7);
  }

  /** The defaults as a deployment gets them, and one budget set by an environment variable. */
  @Test
  void theDefaultsBindFromNothingAndFromEnvironmentVariables() {
    var environment = new org.springframework.core.env.StandardEnvironment();
    environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
        org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        java.util.Map.of("TWOFOLD_DELIVERY_SMSBUDGETS_PREFIX_HOURLY", "30")));
    SmsBudgetProperties bound = org.springframework.boot.context.properties.bind.Binder.get(environment)
        .bindOrCreate("twofold.delivery.sms-budgets", SmsBudgetProperties.class);

    assertThat(bound.destination()).isEqualTo(new SmsBudgetProperties.Windows(10, 20));
    assertThat(bound.prefix()).isEqualTo(new SmsBudgetProperties.Windows(30, 600));
    assertThat(bound.global()).isEqualTo(new SmsBudgetProperties.Windows(10_000, 100_000));
    assertThat(bound.enabled()).isTrue();
    assertThat(bound.numberTypes()).containsExactlyInAnyOrder("MOBILE", "FIXED_LINE_OR_MOBILE");
  }

  @Test
  void aNumbersRangeIsItsCallingCodeAndTwoNationalDigitsNeverTheNumber() {
    assertThat(SmsBudgets.range("+447400123456")).isEqualTo("+44 74");
    assertThat(SmsBudgets.range("+380671234512")).isEqualTo("+380 67");
    assertThat(SmsBudgets.range("+12025550143")).isEqualTo("+1 20");
    assertThat(SmsBudgets.range("not a number")).isEqualTo("unknown");
  }
}
