package io.twofold.enrollment.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

  @Test
  void normalizesValidPhoneNumbersToE164() {
    assertThat(Destinations.phoneE164("+380 50 123 4512")).contains("+380501234512");
    assertThat(Destinations.phoneE164("+1 (650) 253-0000")).contains("+16502530000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0501234512", "+1234", "+999 123 456 789", "call me", ""})
  void refusesNumbersThatAreNotValidInternationalNumbers(String input) {
    assertThat(Destinations.phoneE164(input)).isEmpty();
  }

  @Test
  void acceptsEmailAndLowerCasesTheDomain() {
    assertThat(Destinations.email(" Jane.Doe@Example.COM ")).contains("Jane.Doe@example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jane", "jane@", "@example.com", "jane@example", "ja ne@example.com", "jane@@example.com"})
  void refusesMalformedEmail(String input) {
    assertThat(Destinations.email(input)).isEmpty();
  }
}
