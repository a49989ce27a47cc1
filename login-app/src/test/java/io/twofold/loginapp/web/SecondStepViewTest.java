package io.twofold.loginapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What the second-step page makes of Twofold's view of a challenge. */
class SecondStepViewTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static SecondStepView view(String deliveryStatus) {
    String delivery = deliveryStatus == null ? "" : """
        ,"delivery":{"status":"%s","provider":"sns","errorClass":"UNDELIVERED_UNDELIVERED_30003"}"""
        .formatted(deliveryStatus);
    return SecondStepView.of(JsonMapper.builder().build().readTree("""
        {"currentProvider":"SMS","currentFactorId":"f-sms",
         "providers":[{"type":"SMS","factorId":"f-sms","label":"Phone","maskedDestination":"+38******12"},
                      {"type":"TOTP","factorId":"f-totp","label":"App"}],
         "code":{"provider":"SMS","requestedAt":"2026-12-02T09:59:00Z","expiresAt":"2026-12-02T10:01:00Z"},
         "nextCodeAt":"2026-12-02T09:59:30Z"%s}""".formatted(delivery)), NOW);
  }

  @Test
  void aCodeReportedUndeliveredSaysSoSoThePageCanOfferAnotherWay() {
    assertThat(view("FAILED").codeUndelivered()).isTrue();
    assertThat(view("EXPIRED_UNSENT").codeUndelivered()).isTrue();
  }

  @Test
  void aCodeOnItsWayOrWithoutReportIsNotUndelivered() {
    assertThat(view("SENT").codeUndelivered()).isFalse();
    assertThat(view("RETRYING").codeUndelivered()).as("moving on to the next provider").isFalse();
    assertThat(view(null).codeUndelivered()).isFalse();
  }
}
