package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ApiClient.Response;
import io.twofold.testsupport.QrReader;
import io.twofold.testsupport.Rfc6238;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** What a user, an administrator and a login service do against the running stack. */
final class Journeys {

  private final Tokens tokens;
  final ApiClient policy;
  final ApiClient enrollment;
  final ApiClient challenges;
  private final ApiClient delivery;
  final String admin;
  final String login;

  Journeys(LocalStack stack) {
    this.tokens = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC));
    this.policy = new ApiClient(stack.serviceUrl(ServiceKind.POLICY));
    this.enrollment = new ApiClient(stack.serviceUrl(ServiceKind.ENROLLMENT));
    this.challenges = new ApiClient(stack.serviceUrl(ServiceKind.CHALLENGE));
    this.delivery = new ApiClient(stack.serviceUrl(ServiceKind.DELIVERY));
    this.admin = tokens.subject("root").authority("SYS_ADMIN").mint();
    this.login = tokens.subject("portal").scope(Tokens.LOGIN).mint();
  }

  String user(String userId, String tenantId, String profile) {
    return tokens.subject(userId).tenant(tenantId).tenantProfile(profile).authority("TENANT_ADMIN").mint();
  }

  String tenantAdmin(String tenantId) {
    return tokens.tenantAdmin("admin-of-" + tenantId, tenantId);
  }

  /** Enrolls an authenticator app as a user would: scan the QR code, type the app's code. */
  byte[] enrollTotp(String token) throws Exception {
    Response created = enrollment.post("/api/v1/me/factors", token, Map.of("type", "TOTP"));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String uri = QrReader.read(Base64.getDecoder().decode(created.body().get("qrPng").asString()));
    Matcher secret = Pattern.compile("secret=([A-Z2-7]+)").matcher(URI.create(uri).getRawQuery());
    assertThat(secret.find()).isTrue();
    byte[] key = new Base32().decode(secret.group(1));
    Response confirmed = enrollment.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString()
        + "/confirmation", token, Map.of("code", Rfc6238.code(key, Instant.now().getEpochSecond(), 6)));
    assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");
    return key;
  }

  /** The app's code one step ahead: the confirming step was already used (replay protection). */
  static String nextTotp(byte[] key) {
    return Rfc6238.code(key, Instant.now().getEpochSecond() + 30, 6);
  }

  JsonNode startChallenge(String challengeId, String userId, String tenantId, String profile) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("challengeId", challengeId, "userId", userId,
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

  /** The code in the newest local-outbox message to this address, other than {@code previous}. */
  String codeSentTo(String destination, String previous) {
    String[] code = new String[1];
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode message : delivery.get("/api/v1/local/outbox", admin).body()) {
        if (message.get("to").asString().equals(destination)) {
          Matcher digits = Pattern.compile("\\b(\\d{6})\\b").matcher(message.get("text").asString());
          if (digits.find() && !digits.group(1).equals(previous)) {
            code[0] = digits.group(1);
            return true;
          }
          return false; // the newest message to this address is not the one awaited yet
        }
      }
      return false;
    });
    return code[0];
  }
}
