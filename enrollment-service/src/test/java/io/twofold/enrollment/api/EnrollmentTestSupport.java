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
}
