package io.twofold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.QrReader;
import io.twofold.testsupport.Rfc6238;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reference login app in a real browser (headless Chromium), in front of the whole stack: the
 * seed's journeys as people walk them — authenticator app (the QR code read off the page), SMS and
 * email (codes from what Twilio and SendGrid received), "try another way" to a backup code, an
 * enforced first sign-in through enrollment, a second phone made default, a restart within the
 * send period, an expired code, lockout and unlock, and the administrators' pages. Every page is
 * photographed into {@code target/screenshots}.
 */
@ExtendWith(EndToEndStack.class)
class LoginAppIT {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PASSWORD = "correct horse battery staple";
  private static final String GOLD = "gold-" + RUN;
  private static final List<String> USERS = new ArrayList<>();

  private static Journeys journeys;
  private static String app;

  /** A demo user of the login app: name, authority, tenant, tenant profile. */
  private static String user(String name, String authority, String tenant, String profile) {
    String id = name + "-" + RUN;
    USERS.add(String.join(":", id, PASSWORD, authority, tenant == null ? "" : tenant, profile == null ? "" : profile));
    return id;
  }

  private static final String ROOT = user("root", "SYS_ADMIN", null, null);
  private static final String TINA = user("tina", "TENANT_ADMIN", "t-totp-" + RUN, null);
  private static final String SAM = user("sam", "TENANT_ADMIN", "t-sms-" + RUN, null);
  private static final String EMMA = user("emma", "TENANT_ADMIN", "t-email-" + RUN, null);
  private static final String BEA = user("bea", "TENANT_ADMIN", "t-backup-" + RUN, null);
  private static final String ERIN = user("erin", "TENANT_ADMIN", "t-gold-" + RUN, GOLD);
  private static final String PAUL = user("paul", "TENANT_ADMIN", "t-phones-" + RUN, null);
  private static final String RITA = user("rita", "TENANT_ADMIN", "t-restart-" + RUN, null);
  private static final String TOM = user("tom", "TENANT_ADMIN", "t-short-" + RUN, null);
  private static final String ED = user("ed", "CUSTOMER_USER", "t-short-" + RUN, null);
  private static final String LARS = user("lars", "TENANT_ADMIN", "t-lock-" + RUN, null);
  private static final String LIZ = user("liz", "CUSTOMER_USER", "t-lock-" + RUN, null);
  private static final String UMA = user("uma", "TENANT_ADMIN", "t-system-" + RUN, null);

  @BeforeAll
  static void platformWithTwofoldAndTheLoginApp() throws Exception {
    EndToEndStack.Running running = EndToEndStack.get();
    journeys = Journeys.of(running);
    long version = journeys.policy.get("/api/v1/settings/system", journeys.admin).body().get("version").asLong();
    var settings = journeys.policy.put("/api/v1/settings/system", journeys.admin, Map.of(
        "version", version,
        "providers", List.of(
            Map.of("providerType", "TOTP", "issuerName", "Acme"),
            Map.of("providerType", "SMS", "smsVerificationMessageTemplate", "Acme code: ${code}",
                "verificationCodeLifetime", 120),
            Map.of("providerType", "EMAIL", "verificationCodeLifetime", 120),
            Map.of("providerType", "BACKUP_CODE", "codesQuantity", 5)),
        "minVerificationCodeSendPeriod", 5,
        "verificationCodeCheckRateLimit", "10:60",
        "maxVerificationFailuresBeforeUserLockout", 10));
    assertThat(settings.status()).as(String.valueOf(settings.body())).isEqualTo(200);
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    app = running.stack().startLoginApp(port, USERS);
  }

  private static Browser browser(String journey) {
    return new Browser(app, journey);
  }

  /** Scans the QR code on the page as an authenticator app does: the key it holds. */
  private static byte[] scanQr(Browser browser) throws Exception {
    String src = browser.find("#qr").getAttribute("src");
    String uri = QrReader.read(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)));
    assertThat(uri).startsWith("otpauth://totp/");
    Matcher secret = Pattern.compile("secret=([A-Z2-7]+)").matcher(URI.create(uri).getRawQuery());
    assertThat(secret.find()).isTrue();
    return new Base32().decode(secret.group(1));
  }

  private static String totp(byte[] key, long stepsAhead) {
    return Rfc6238.code(key, Instant.now().getEpochSecond() + 30 * stepsAhead, 6);
  }

  private static String phone(String seed) {
    return "+38050" + String.format("%07d", Math.floorMod((seed + RUN).hashCode(), 10_000_000));
  }

  /** Signs in without 2FA and adds a phone on the Security tab; returns the confirmation code. */
  private static String addPhoneOnFirstVisit(Browser browser, String user, String phone) {
    browser.signIn(user, PASSWORD).at("/home");
    browser.click("#nav-security").at("/account/security");
    browser.type("#add-sms-number", phone).click("#add-sms button");
    String code = journeys.smsCodeSentTo(phone, null);
    browser.type("#code", code).click("#confirm-form button").at("/account/security");
    return code;
  }

  @Test
  void authenticatorAppEnrolledFromTheQrCodeOnThePageThenSignIn() throws Exception {
    try (Browser browser = browser("totp")) {
      browser.open("/login").screenshot("login");
      browser.signIn(TINA, PASSWORD).at("/home").screenshot("home");
      browser.click("#nav-security").at("/account/security");
      browser.click("#add-totp button");
      byte[] key = scanQr(browser.screenshot("qr"));
      browser.type("#code", totp(key, 0)).click("#confirm-form button").at("/account/security");
      assertThat(browser.all("#factors tr")).hasSize(1);
      browser.screenshot("security");
      browser.signOut();

      browser.signIn(TINA, PASSWORD).at("/second-step");
      assertThat(browser.text("#way")).isEqualTo("Authenticator app");
      assertThat(browser.find("#code").getAttribute("autocomplete")).isEqualTo("one-time-code");
      assertThat(browser.find("#code").getAttribute("inputmode")).isEqualTo("numeric");
      browser.screenshot("second-step");
      browser.type("#code", totp(key, 1)).click("#code-form button").at("/home");
      assertThat(browser.text("#welcome")).isEqualTo("Welcome, " + TINA);
    }
  }

  @Test
  void smsCodeFromTwilioSignsIn() {
    String phone = phone("sam");
    try (Browser browser = browser("sms")) {
      String enrollment = addPhoneOnFirstVisit(browser, SAM, phone);
      browser.signOut();

      browser.signIn(SAM, PASSWORD).at("/second-step");
      assertThat(browser.text("#way")).startsWith("Text message to +38******");
      browser.screenshot("second-step");
      String code = journeys.smsCodeSentTo(phone, enrollment);
      browser.type("#code", code).click("#code-form button").at("/home");
    }
  }

  @Test
  void emailCodeFromSendGridSignsIn() {
    String email = "emma-" + RUN + "@example.com";
    try (Browser browser = browser("email")) {
      browser.signIn(EMMA, PASSWORD).at("/home");
      browser.click("#nav-security").at("/account/security");
      browser.type("#add-email-address", email).click("#add-email button");
      String enrollment = journeys.emailCodeSentTo(email, null);
      browser.type("#code", enrollment).click("#confirm-form button").at("/account/security");
      browser.signOut();

      browser.signIn(EMMA, PASSWORD).at("/second-step");
      assertThat(browser.text("#way")).startsWith("Email to e***@example.com");
      browser.type("#code", journeys.emailCodeSentTo(email, enrollment)).click("#code-form button").at("/home");
    }
  }

  @Test
  void tryAnotherWayToABackupCodeAndItWorksOnce() throws Exception {
    try (Browser browser = browser("backup")) {
      browser.signIn(BEA, PASSWORD).at("/home");
      browser.click("#nav-security").at("/account/security");
      browser.click("#add-totp button");
      byte[] key = scanQr(browser);
      browser.type("#code", totp(key, 0)).click("#confirm-form button").at("/account/security");
      // confirming proved the app: the backup codes need no second code
      browser.click("#codes-show").at("/account/backup-codes");
      List<String> codes = browser.all("#codes code").stream().map(code -> code.getText()).toList();
      assertThat(codes).hasSize(5).allMatch(code -> code.matches("[a-z0-9]{5}-[a-z0-9]{5}"));
      browser.screenshot("backup-codes");
      browser.signOut();

      browser.signIn(BEA, PASSWORD).at("/second-step");
      browser.click("#other-ways summary").screenshot("try-another-way");
      browser.click("#other-ways button[data-way='BACKUP_CODE']").at("/second-step");
      assertThat(browser.text("#way")).isEqualTo("A backup code");
      browser.type("#code", codes.get(0)).click("#code-form button").at("/home");
      browser.signOut();

      browser.signIn(BEA, PASSWORD).at("/second-step");
      browser.click("#other-ways summary").click("#other-ways button[data-way='BACKUP_CODE']").at("/second-step");
      browser.type("#code", codes.get(0)).click("#code-form button").at("/second-step");
      assertThat(browser.text("#error")).startsWith("Wrong code.");
    }
  }

  @Test
  void anAdministratorEnforcesTwoFactorForATenantProfileAndItsAdministratorEnrollsAtFirstSignIn() throws Exception {
    try (Browser admin = browser("admin")) {
      admin.signIn(ROOT, PASSWORD).at("/home");
      admin.click("#nav-admin").at("/admin").screenshot("system-settings");
      if (!admin.find("#enforce").isSelected()) {
        admin.click("#enforce");
      }
      admin.find("#filter-type").sendKeys("TENANT_ADMINISTRATORS");
      admin.type("#profiles", GOLD).click("#save").at("/admin");
      assertThat(admin.text("#info")).isEqualTo("Settings saved.");
    }
    try (Browser browser = browser("enforced")) {
      browser.signIn(ERIN, PASSWORD).at("/enroll").screenshot("enroll");
      browser.click("#enroll-totp button");
      byte[] key = scanQr(browser);
      // The app's current code confirms the factor and completes this very sign-in.
      browser.type("#code", totp(key, 0)).click("#confirm-form button").at("/home");
      assertThat(browser.text("#welcome")).isEqualTo("Welcome, " + ERIN);
    }
  }

  @Test
  void aSecondPhoneMadeDefaultReceivesTheCode() {
    String oldPhone = phone("paul-old");
    String newPhone = phone("paul-new");
    try (Browser browser = browser("phones")) {
      addPhoneOnFirstVisit(browser, PAUL, oldPhone);
      // confirming the first phone proved it: adding a second needs no other code for a few minutes
      assertThat(browser.has("#stepped-up")).isTrue();
      Awaitility.await().pollDelay(Duration.ofMillis(5_100)).atMost(Duration.ofSeconds(10)).until(() -> true); // send period
      browser.type("#add-sms-number", newPhone).type("#add-sms-label", "New phone").click("#add-sms button");
      browser.type("#code", journeys.smsCodeSentTo(newPhone, null)).click("#confirm-form button").at("/account/security");
      browser.click("#factors tr[data-factor] .make-default").at("/account/security").screenshot("two-phones");
      browser.signOut();

      browser.signIn(PAUL, PASSWORD).at("/second-step");
      assertThat(browser.text("#way")).endsWith("(New phone)");
      String code = journeys.smsCodeSentTo(newPhone, null);
      browser.type("#code", code).click("#code-form button").at("/home");
    }
  }

  @Test
  void aSignInRestartedWithinTheSendPeriodShowsTheCountdown() {
    String phone = phone("rita");
    try (Browser browser = browser("restart")) {
      addPhoneOnFirstVisit(browser, RITA, phone);
      browser.signOut();
      Awaitility.await().pollDelay(Duration.ofMillis(5_100)).atMost(Duration.ofSeconds(10)).until(() -> true);
      browser.signIn(RITA, PASSWORD).at("/second-step");

      browser.signIn(RITA, PASSWORD).at("/second-step"); // the login page again: a new sign-in

      assertThat(browser.text("#no-code")).isEqualTo("No code has been sent for this sign-in yet.");
      assertThat(browser.find("#resend").isEnabled()).isFalse();
      assertThat(browser.text("#countdown")).matches("You can ask for a code in [1-6] s");
      browser.screenshot("countdown");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#resend").isEnabled());
      browser.click("#resend").at("/second-step");
      assertThat(browser.text("#info")).isEqualTo("A code is on its way.");
    }
  }

  @Test
  void anExpiredCodeSaysSo() {
    String phone = phone("ed");
    try (Browser admin = browser("tenant-settings")) {
      admin.signIn(TOM, PASSWORD).at("/home");
      admin.click("#nav-admin").at("/admin");
      if (admin.find("#use-system").isSelected()) {
        admin.click("#use-system");
      }
      for (String provider : List.of("#p-totp", "#p-sms")) {
        if (!admin.find(provider).isSelected()) {
          admin.click(provider);
        }
      }
      admin.type("input[name='SMS.verificationCodeLifetime']", "3").click("#save").at("/admin");
      assertThat(admin.text("#info")).isEqualTo("Settings saved.");
    }
    try (Browser browser = browser("expired")) {
      String enrollment = addPhoneOnFirstVisit(browser, ED, phone);
      browser.signOut();
      browser.signIn(ED, PASSWORD).at("/second-step");
      String code = journeys.smsCodeSentTo(phone, enrollment);
      Awaitility.await().pollDelay(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(5)).until(() -> true);

      browser.type("#code", code).click("#code-form button").at("/second-step");

      assertThat(browser.text("#error")).isEqualTo("This code has expired. Send a new one.");
      browser.screenshot("expired");
    }
  }

  @Test
  void wrongCodesLockTheUserOutAndTheirAdministratorUnlocks() {
    String phone = phone("liz");
    try (Browser admin = browser("lockout-settings")) {
      admin.signIn(LARS, PASSWORD).at("/home").click("#nav-admin").at("/admin");
      if (admin.find("#use-system").isSelected()) {
        admin.click("#use-system");
      }
      for (String provider : List.of("#p-totp", "#p-sms")) {
        if (!admin.find(provider).isSelected()) {
          admin.click(provider);
        }
      }
      admin.type("#max-failures", "3").click("#save").at("/admin");
      assertThat(admin.text("#info")).isEqualTo("Settings saved.");
    }
    try (Browser browser = browser("lockout")) {
      String enrollment = addPhoneOnFirstVisit(browser, LIZ, phone);
      browser.signOut();
      browser.signIn(LIZ, PASSWORD).at("/second-step");
      String code = journeys.smsCodeSentTo(phone, enrollment);
      String wrong = code.equals("000000") ? "111111" : "000000";
      browser.type("#code", wrong).click("#code-form button").at("/second-step");
      assertThat(browser.text("#error")).isEqualTo("Wrong code. 2 attempts left before the account is locked.");
      browser.type("#code", wrong).click("#code-form button").at("/second-step");
      browser.type("#code", wrong).click("#code-form button").at("/login");
      assertThat(browser.text("#error")).startsWith("This account is locked");
      browser.screenshot("locked");
      browser.signIn(LIZ, PASSWORD).at("/login");
      assertThat(browser.text("#error")).startsWith("This account is locked");
    }
    try (Browser admin = browser("unlock")) {
      admin.signIn(LARS, PASSWORD).at("/home").click("#nav-admin").at("/admin");
      admin.type("#unlock-user", LIZ).click("#unlock button").at("/admin");
      assertThat(admin.text("#info")).isEqualTo(LIZ + " is unlocked.");
    }
    try (Browser browser = browser("unlocked")) {
      browser.signIn(LIZ, PASSWORD).at("/second-step");
    }
  }

  @Test
  void aTenantAdministratorUsesTheSystemSettings() {
    try (Browser admin = browser("use-system")) {
      admin.signIn(UMA, PASSWORD).at("/home").click("#nav-admin").at("/admin");
      if (!admin.find("#use-system").isSelected()) {
        admin.click("#use-system");
      }
      admin.click("#save").at("/admin").screenshot("tenant-settings");
      assertThat(admin.text("#info")).isEqualTo("Settings saved.");
      assertThat(admin.find("#use-system").isSelected()).isTrue();
    }
    var stored = journeys.policy.get("/api/v1/settings/tenants/t-system-" + RUN,
        journeys.tenantAdmin("t-system-" + RUN)).body();
    assertThat(stored.get("useSystemSettings").asBoolean()).isTrue();
  }
}
