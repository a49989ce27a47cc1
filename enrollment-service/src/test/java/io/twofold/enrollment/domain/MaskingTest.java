package io.twofold.enrollment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void masksEmailAndPhoneAsShownToUsers() {
    assertThat(Masking.email("jane@example.com")).isEqualTo("j***@example.com");
    assertThat(Masking.phone("+380501234512")).isEqualTo("+38******12");
  }

  @Test
  void neverRevealsShortValues() {
    assertThat(Masking.phone("+123")).isEqualTo("****");
    assertThat(Masking.email("@x")).isEqualTo("***");
  }
}
