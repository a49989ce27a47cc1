package io.twofold.policy.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.policy.PolicySnapshot;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.core.KafkaTemplate;

/** The client against a WireMock policy-service and real snapshot events on the broker. */
@ServiceIntegrationTest(classes = PolicyClientTest.App.class)
class PolicyClientTest {

  @SpringBootApplication
  static class App {}

  private static final String PATH = "/policy/api/v1/policy/evaluations";
  /** Above any system snapshot version the tests publish, so answers are current. */
  private static final long SYSTEM_VERSION = 1_000;
  private final WireMockServer policy = TwofoldInfrastructure.get().wireMock();

  @Autowired PolicyClient client;
  @Autowired PolicyCache cache;
  @Autowired KafkaTemplate<String, PolicySnapshot> kafka;
  @Autowired org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

  String tenant;

  @BeforeEach
  void setUp() {
    policy.resetAll();
    tenant = "tenant-" + UUID.randomUUID();
    answer(SYSTEM_VERSION, 0);
  }

  private void answer(long systemVersion, long tenantVersion) {
    policy.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("""
            {"scope":"system","enforced":true,"reason":"ALL_USERS",
             "providers":[{"providerType":"TOTP","issuerName":"Acme"},{"providerType":"EMAIL","verificationCodeLifetime":120},
               {"providerType":"SMS","verificationCodeLifetime":120,"smsAllowedCountries":["UA","PL"]}],
             "minVerificationCodeSendPeriod":30,"verificationCodeCheckRateLimit":"3:900",
             "maxVerificationFailuresBeforeUserLockout":30,"totalAllowedTimeForVerification":3600,
             "systemVersion":%d,"tenantVersion":%d}""".formatted(systemVersion, tenantVersion))));
  }

  private PolicyQuery query() {
    return new PolicyQuery("TENANT_ADMIN", tenant, "gold");
  }

  @Test
  void asksPolicyServiceWithAnInternalTokenAndReadsTheAnswer() {
    PolicyView view = client.evaluate("u-1", query());

    assertThat(view.enforced()).isTrue();
    assertThat(view.provider("TOTP")).hasValueSatisfying(p -> assertThat(p.issuerName()).isEqualTo("Acme"));
    assertThat(view.enables("BACKUP_CODE")).isFalse();
    assertThat(view.provider("SMS").orElseThrow().smsAllowedCountries()).containsExactly("UA", "PL");
    policy.verify(postRequestedFor(urlEqualTo(PATH))
        .withHeader("Authorization", matching("Bearer .+"))
        .withRequestBody(equalToJson("{\"userId\":\"u-1\",\"authority\":\"TENANT_ADMIN\",\"tenantId\":\"" + tenant
            + "\",\"tenantProfileId\":\"gold\"}")));
  }

  @Test
  void anSmsAllowListLetsCodesGoToNumbersOfItsCountriesOnly() {
    PolicyView.Provider sms = client.evaluate("u-1", query()).provider("SMS").orElseThrow();

    assertThat(sms.allowsSmsTo("+380671234512")).isTrue();
    assertThat(sms.allowsSmsTo("+48501234567")).isTrue();
    assertThat(sms.allowsSmsTo("+447400123456")).as("GB").isFalse();
    assertThat(sms.allowsSmsTo("+882351234567")).as("international networks: no country").isFalse();
    assertThat(sms.allowsSmsTo("not a number")).isFalse();
    assertThat(new PolicyView.Provider("SMS", null, 120, null, null, null).allowsSmsTo("+447400123456"))
        .as("no list: every country").isTrue();
  }

  @Test
  void secondEvaluationIsServedFromTheCache() {
    client.evaluate("u-1", query());
    client.evaluate("u-2", query());

    policy.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void tenantSnapshotInvalidatesThatTenantsEntries() throws Exception {
    client.evaluate("u-1", query());
    PolicyQuery otherTenant = new PolicyQuery("TENANT_ADMIN", tenant + "-other", null);
    client.evaluate("u-1", otherTenant);

    publish("tenant:" + tenant, 5);
    await().atMost(Duration.ofSeconds(20)).until(() -> cache.get(query()).isEmpty());
    answer(SYSTEM_VERSION, 5);
    client.evaluate("u-1", query());
    client.evaluate("u-1", otherTenant);

    policy.verify(3, postRequestedFor(urlEqualTo(PATH)));
  }

  /** Each instance reads every snapshot without a consumer group: none is left behind by a restart. */
  @Test
  void theCacheListenerJoinsNoConsumerGroup() throws Exception {
    var container = listeners.getListenerContainer("policy-cache");

    assertThat(container.getGroupId()).isNull();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(container.getAssignedPartitions()).hasSize(io.twofold.schemas.Topics.POLICIES.partitions()));
    try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of(
        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        TwofoldInfrastructure.get().kafkaBootstrapServers()))) {
      assertThat(admin.listGroups().all().get()).extracting(group -> group.groupId())
          .noneMatch(group -> group.contains("policy-cache"));
    }
  }

  @Test
  void systemSnapshotInvalidatesEverything() throws Exception {
    client.evaluate("u-1", query());

    publish("system", 100);

    await().atMost(Duration.ofSeconds(20)).until(() -> cache.size() == 0);
  }

  @Test
  void answerOlderThanAKnownSnapshotIsNotCached() throws Exception {
    publish("tenant:" + tenant, 9);
    await().atMost(Duration.ofSeconds(20)).until(() -> cache.latestVersion("tenant:" + tenant) == 9);

    client.evaluate("u-1", query()); // policy-service still answers from tenant version 0
    client.evaluate("u-1", query());
    policy.verify(2, postRequestedFor(urlEqualTo(PATH)));

    answer(SYSTEM_VERSION, 9);
    client.evaluate("u-1", query());
    client.evaluate("u-1", query());
    policy.verify(3, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void policyServiceErrorsFailClosed() {
    policy.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> client.evaluate("u-1", query())).isInstanceOf(PolicyUnavailableException.class);
  }

  @Test
  void slowPolicyServiceFailsClosed() {
    policy.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFixedDelay(3000).withStatus(200)));

    assertThatThrownBy(() -> client.evaluate("u-1", query())).isInstanceOf(PolicyUnavailableException.class);
  }

  private void publish(String scopeKey, long version) throws Exception {
    kafka.send(Topics.POLICIES.name(), scopeKey, PolicySnapshot.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setProducer("test").build())
        .setScopeKey(scopeKey)
        .setVersion(version)
        .setUseSystemSettings(true)
        .build()).get();
  }
}
