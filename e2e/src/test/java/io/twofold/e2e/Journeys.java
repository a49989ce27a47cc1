package io.twofold.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.twofold.localstack.LocalSecrets;
import io.twofold.localstack.LocalStack;
import io.twofold.localstack.ServiceKind;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.FormBody;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.QrReader;
import io.twofold.testsupport.Rfc6238;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * What a user, an administrator and a login service do against the running stack, and what the
 * user receives: codes are read from the requests SendGrid and Twilio (WireMock) received.
 */
final class Journeys {

  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  final Tokens tokens;
  final ApiClient policy;
  final ApiClient enrollment;
  final ApiClient challenges;
  final ApiClient delivery;
  final String admin;
  final String login;
  private final WireMockServer providers;

  Journeys(LocalStack stack, WireMockServer providers) {
    this.providers = providers;
    this.tokens = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC));
    this.policy = new ApiClient(stack.serviceUrl(ServiceKind.POLICY));
    this.enrollment = new ApiClient(stack.serviceUrl(ServiceKind.ENROLLMENT));
    this.challenges = new ApiClient(stack.serviceUrl(ServiceKind.CHALLENGE));
    this.delivery = new ApiClient(stack.serviceUrl(ServiceKind.DELIVERY));
    this.admin = tokens.subject("root").authority("SYS_ADMIN").mint();
    this.login = tokens.subject("portal").scope(Tokens.LOGIN).mint();
  }

  static Journeys of(EndToEndStack.Running running) {
    return new Journeys(running.stack(), running.providers());
  }

  String user(String userId, String tenantId, String profile) {
    return tokens.subject(userId).tenant(tenantId).tenantProfile(profile).authority("TENANT_ADMIN").mint();
  }

  String tenantAdmin(String tenantId) {
    return tokens.tenantAdmin("admin-of-" + tenantId, tenantId);
  }

  /** Step-up grants the last confirmation of each token's user returned (confirming proves a factor). */
  private final Map<String, String> stepUps = new java.util.concurrent.ConcurrentHashMap<>();

  /** Enrolls an authenticator app as a user would: scan the QR code, type the app's code. */
  byte[] enrollTotp(String token) throws Exception {
    return enrollTotp(token, null);
  }

  /** @param challengeId the enforced sign-in the user is in, which the confirmation completes; or null */
  byte[] enrollTotp(String token, String challengeId) throws Exception {
    Response created = enrollment.post("/api/v1/me/factors", token, Map.of("type", "TOTP"));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String uri = QrReader.read(Base64.getDecoder().decode(created.body().get("qrPng").asString()));
    Matcher secret = Pattern.compile("secret=([A-Z2-7]+)").matcher(URI.create(uri).getRawQuery());
    assertThat(secret.find()).isTrue();
    byte[] key = new Base32().decode(secret.group(1));
    String code = Rfc6238.code(key, Instant.now().getEpochSecond(), 6);
    Response confirmed = enrollment.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString()
        + "/confirmation", token, challengeId == null ? Map.of("code", code) : Map.of("code", code, "challengeId", challengeId));
    assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");
    stepUps.put(token, confirmed.body().get("stepUpToken").asString());
    return key;
  }

  /**
   * Backup codes, as the account page asks for them right after a factor was confirmed: with the
   * step-up grant that confirmation returned.
   */
  java.util.List<String> backupCodes(String token) {
    Response codes = enrollment.withHeader("Twofold-Step-Up", stepUps.get(token))
        .post("/api/v1/me/backup-codes", token, Map.of());
    assertThat(codes.status()).as(String.valueOf(codes.body())).isEqualTo(201);
    return codes.body().get("codes").valueStream().map(code -> code.asString()).toList();
  }

  /** enrollment-service with the step-up grant the token's user got from its last confirmation. */
  ApiClient steppedUp(String token) {
    return enrollment.withHeader("Twofold-Step-Up", stepUps.get(token));
  }

  /** The app's code one step ahead: the confirming step was already used (replay protection). */
  static String nextTotp(byte[] key) {
    return Rfc6238.code(key, Instant.now().getEpochSecond() + 30, 6);
  }

  JsonNode startChallenge(String challengeId, String userId, String tenantId, String profile) {
    Map<String, Object> body = new HashMap<>(Map.of("challengeId", challengeId, "userId", userId,
        "tenantId", tenantId, "authority", "TENANT_ADMIN", "locale", "en"));
    if (profile != null) {
      body.put("tenantProfileId", profile);
    }
    Response started = challenges.post("/api/v1/challenges", login, body);
    assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
    return started.body();
  }

  String verify(String challengeId, String provider, String code) {
    Map<String, Object> body = provider == null ? Map.of("code", code) : Map.of("provider", provider, "code", code);
    Response result = challenges.post("/api/v1/challenges/" + challengeId + "/verifications", login, body);
    assertThat(result.status()).as(String.valueOf(result.body())).isEqualTo(200);
    return result.body().get("result").asString();
  }

  /** Enrolls an email address or a phone number, confirming it with the code the provider carried. */
  String enrollByCode(String token, String type, String destination) {
    Response created = enrollment.post("/api/v1/me/factors", token,
        Map.of("type", type, type.equals("SMS") ? "phoneNumber" : "email", destination));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String code = type.equals("SMS") ? smsCodeSentTo(destination, null) : emailCodeSentTo(destination, null);
    Response confirmed = enrollment.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString()
        + "/confirmation", token, Map.of("code", code));
    assertThat(confirmed.body().get("state").asString()).as(String.valueOf(confirmed.body())).isEqualTo("ACTIVE");
    return code;
  }

  /** The code in the newest SendGrid request to this address, other than {@code previous}. */
  String emailCodeSentTo(String email, String previous) {
    return awaitCode(previous, () -> received(EndToEndStack.SENDGRID_PATH).stream()
        .map(body -> ApiClient.json(body))
        .filter(mail -> mail.get("personalizations").get(0).get("to").get(0).get("email").asString().equals(email))
        .map(mail -> mail.get("content").get(0).get("value").asString())
        .findFirst());
  }

  /** The code in the newest Twilio request to this number, other than {@code previous}. */
  String smsCodeSentTo(String phone, String previous) {
    return awaitCode(previous, () -> received(EndToEndStack.TWILIO_PATH).stream()
        .map(FormBody::parse)
        .filter(form -> phone.equals(form.get("To")))
        .map(form -> form.get("Body"))
        .findFirst());
  }

  /** Bodies of the requests a provider received at this path, newest first. */
  List<String> received(String path) {
    return providers.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(request -> request.getUrl().equals(path))
        .map(request -> request.getBodyAsString())
        .toList();
  }

  private static String awaitCode(String previous, java.util.function.Supplier<Optional<String>> newestText) {
    String[] code = new String[1];
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> newestText.get()
        .map(CODE::matcher)
        .filter(Matcher::find)
        .map(digits -> digits.group(1))
        .filter(digits -> !digits.equals(previous))
        .map(digits -> code[0] = digits)
        .isPresent());
    return code[0];
  }
}
