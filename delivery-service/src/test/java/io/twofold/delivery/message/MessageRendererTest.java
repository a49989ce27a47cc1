package io.twofold.delivery.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRendererTest {

  private final MessageRenderer renderer = new MessageRenderer();

  @Test
  void smsUsesThePolicyTemplateWithItsPlaceholders() {
    var sms = renderer.sms("+380501234512", "042917", "Acme code ${code} for ${userEmail}",
        Map.of("userEmail", "jane@example.com"), "en");

    assertThat(sms.text()).isEqualTo("Acme code 042917 for jane@example.com");
  }

  @Test
  void smsWithoutTemplateUsesTheLocalizedDefault() {
    assertThat(renderer.sms("+1", "042917", null, Map.of(), "de").text()).isEqualTo("Ihr Bestätigungscode: 042917");
    assertThat(renderer.sms("+1", "042917", null, Map.of(), null).text()).isEqualTo("Your verification code: 042917");
  }

  @Test
  void emailHasSubjectTextAndHtmlInTheUsersLanguage() {
    var email = renderer.email("jane@example.com", "042917", "LOGIN", Duration.ofMinutes(2), "de-AT");

    assertThat(email.subject()).isEqualTo("Ihr Bestätigungscode für die Anmeldung");
    assertThat(email.text()).contains("042917").contains("2 Minuten");
    assertThat(email.html()).contains("042917").startsWith("<!doctype html>");
  }

  @Test
  void minutesAreRoundedUpAndSingularWhenOne() {
    assertThat(renderer.email("j@example.com", "042917", "LOGIN", Duration.ofSeconds(119), "en").text())
        .contains("expires in 2 minutes");
    assertThat(renderer.email("j@example.com", "042917", "LOGIN", Duration.ofSeconds(40), "en").text())
        .contains("expires in 1 minute.");
    assertThat(renderer.email("j@example.com", "042917", "LOGIN", Duration.ofSeconds(40), "de").text())
        .contains("in 1 Minute ab");
  }

  @Test
  void unknownLanguageFallsBackToEnglish() {
    var email = renderer.email("jane@example.com", "042917", "ENROLLMENT", Duration.ofMinutes(5), "xx");

    assertThat(email.subject()).isEqualTo("Confirm your email address");
  }

  @Test
  void renderedMessageDoesNotPrintItsBody() {
    assertThat(renderer.sms("+1", "042917", null, Map.of(), "en").toString()).doesNotContain("042917");
  }
}
