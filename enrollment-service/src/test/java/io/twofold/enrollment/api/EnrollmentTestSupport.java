package io.twofold.enrollment.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.testsupport.TestKeys;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.security.SecureRandom;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Policy answers stubbed on WireMock, and what tests need to read codes sent through Kafka. */
final class EnrollmentTestSupport {

  static final String ENFORCED_TENANT = "enforced-tenant";
  static final String NO_SMS_TENANT = "no-sms-tenant";
  /** SMS codes go to Ukrainian and Polish numbers only. */
  static final String UA_PL_SMS_TENANT = "ua-pl-sms-tenant";
  /** Its TOTP issuer is too long for any QR code (stored before policy bounded issuers). */
  static final String LONG_ISSUER_TENANT = "long-issuer-tenant";
  static final String STEP_UP = "Twofold-Step-Up";

  private static final String ALL_PROVIDERS = """
      [{"providerType":"TOTP","issuerName":"Acme"},
       {"providerType":"SMS","smsVerificationMessageTemplate":"Acme code: ${code}","verificationCodeLifetime":120},
       {"providerType":"EMAIL","verificationCodeLifetime":300},
       {"providerType":"BACKUP_CODE","codesQuantity":5}]""";

  private EnrollmentTestSupport() {}

  static void stubPolicy() {
    WireMockServer wireMock = TwofoldInfrastructure.get().wireMock();
    wireMock.stubFor(post(urlEqualTo("/policy/api/v1/policy/evaluations")).atPriority(9)
        .willReturn(policy(false, ALL_PROVIDERS)));
    wireMock.stubFor(post(urlEqualTo("/policy/api/v1/policy/evaluations")).atPriority(1)
        .withRequestBody(containing(ENFORCED_TENANT)).willReturn(policy(true, ALL_PROVIDERS)));
    wireMock.stubFor(post(urlEqualTo("/policy/api/v1/policy/evaluations")).atPriority(1)
        .withRequestBody(containing(NO_SMS_TENANT))
        .willReturn(policy(false, "[{\"providerType\":\"TOTP\",\"issuerName\":\"Acme\"}]")));
    wireMock.stubFor(post(urlEqualTo("/policy/api/v1/policy/evaluations")).atPriority(1)
        .withRequestBody(containing(UA_PL_SMS_TENANT)).willReturn(policy(false, """
            [{"providerType":"SMS","smsVerificationMessageTemplate":"Acme code: ${code}","verificationCodeLifetime":120,
              "smsAllowedCountries":["UA","PL"]}]""")));
    wireMock.stubFor(post(urlEqualTo("/policy/api/v1/policy/evaluations")).atPriority(1)
        .withRequestBody(containing(LONG_ISSUER_TENANT))
        .willReturn(policy(false, "[{\"providerType\":\"TOTP\",\"issuerName\":\"Acme " + "\uD83D\uDE00".repeat(100) + "\"}]")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder policy(boolean enforced, String providers) {
    return aResponse().withHeader("Content-Type", "application/json").withBody("""
        {"scope":"system","enforced":%s,"reason":"%s","providers":%s,
         "minVerificationCodeSendPeriod":30,"verificationCodeCheckRateLimit":"3:900",
         "maxVerificationFailuresBeforeUserLockout":30,"totalAllowedTimeForVerification":3600,
         "systemVersion":1,"tenantVersion":0}""".formatted(enforced, enforced ? "ALL_USERS" : "NOT_ENFORCED", providers));
  }

  /** The code request sent for a factor, and the code in it, opened with the test code key. */
  static SentCode sentCode(String factorId) {
    KafkaConsumer<String, CodeRequest> consumer =
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
    CodeRequest request = TopicProbe.awaitOne(consumer,
        Topics.CODE_REQUESTS.name(), record -> factorId.equals(record.value().getFactorId())).value();
    CodeSealer sealer = new CodeSealer(
        KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));
    return new SentCode(request, sealer.open(request.getEncryptedCode(), request.getRequestId()));
  }

  record SentCode(CodeRequest request, String code) {}

  /** The codes of the first {@code count} code requests sent for a factor, in the order sent. */
  static java.util.List<String> sentCodes(String factorId, int count) {
    KafkaConsumer<String, CodeRequest> consumer =
        TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
    CodeSealer sealer = new CodeSealer(
        KeyRing.fromBase64(Map.of(TestKeys.CODE_KEY_ID, TestKeys.CODE_KEY), TestKeys.CODE_KEY_ID, new SecureRandom()));
    return TopicProbe.await(consumer, Topics.CODE_REQUESTS.name(),
            record -> factorId.equals(record.value().getFactorId()), count).stream()
        .map(record -> sealer.open(record.value().getEncryptedCode(), record.value().getRequestId())).toList();
  }

  /**
   * Creates and confirms a TOTP factor as a user's account page and authenticator app would: the
   * secret is read from the QR code. Asserts each step succeeded.
   */
  static EnrolledTotp enrollTotp(io.twofold.testsupport.ApiClient api, String token) {
    return enrollTotp(api, token, null);
  }

  /** @param challengeId the enforced sign-in the confirmation names, or null */
  static EnrolledTotp enrollTotp(io.twofold.testsupport.ApiClient api, String token, String challengeId) {
    var created = api.post("/api/v1/me/factors", token, Map.of("type", "TOTP", "label", "Phone app"));
    org.assertj.core.api.Assertions.assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    byte[] secret;
    try {
      String uri = io.twofold.testsupport.QrReader.read(
          java.util.Base64.getDecoder().decode(created.body().get("qrPng").asString()));
      secret = new org.apache.commons.codec.binary.Base32().decode(query(uri, "secret"));
    } catch (Exception unreadable) {
      throw new AssertionError("QR code unreadable", unreadable);
    }
    String factorId = created.body().get("factor").get("id").asString();
    String code = io.twofold.testsupport.Rfc6238.code(secret, java.time.Instant.now().getEpochSecond(), 6);
    var confirmed = api.post("/api/v1/me/factors/" + factorId + "/confirmation", token,
        challengeId == null ? Map.of("code", code) : Map.of("code", code, "challengeId", challengeId));
    org.assertj.core.api.Assertions.assertThat(confirmed.status()).as(String.valueOf(confirmed.body())).isEqualTo(200);
    var grant = confirmed.body().get("stepUpToken");
    return new EnrolledTotp(factorId, secret, grant == null ? null : grant.asString());
  }

  static String query(String uri, String name) {
    for (String pair : java.net.URI.create(uri).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name)) {
        return java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError(name + " missing from " + uri);
  }

  /**
   * A confirmed TOTP factor. {@code stepUpToken} is the step-up grant its confirmation returned:
   * confirming a factor proves possession of a second factor.
   */
  record EnrolledTotp(String factorId, byte[] secret, String stepUpToken) {

    /** The app's code for the step after the current one (the current one confirmed the factor). */
    String nextCode() {
      return io.twofold.testsupport.Rfc6238.code(secret, java.time.Instant.now().getEpochSecond() + 30, 6);
    }
  }
}
