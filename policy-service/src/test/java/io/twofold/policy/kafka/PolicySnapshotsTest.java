package io.twofold.policy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twofold.platform.kafka.AvroSerde;
import io.twofold.policy.domain.EnforcedUsersFilter;
import io.twofold.policy.domain.ProviderSettings;
import io.twofold.policy.domain.TenantSettings;
import io.twofold.policy.domain.TwoFaSettings;
import io.twofold.policy.store.SettingsStore;
import io.twofold.schemas.Topics;
import io.twofold.schemas.policy.PolicySnapshot;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.TopicProbe;
import io.twofold.testsupport.TwofoldInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every change of the settings reaches the compacted {@code twofold.policies} topic, in order, at least once. */
@ServiceIntegrationTest(properties = "twofold.policy.outbox-interval=300ms")
class PolicySnapshotsTest {

  private static final Tokens TOKENS = Tokens.forTests();

  @LocalServerPort int port;
  @Autowired SettingsStore store;

  @Test
  void consumerSeesEveryChangeOfAScopeInOrder() {
    ApiClient api = ApiClient.local(port);
    String tenant = "tenant-" + UUID.randomUUID();
    String admin = TOKENS.tenantAdmin("ta", tenant);
    for (int version = 0; version < 5; version++) {
      var response = api.put("/api/v1/settings/tenants/" + tenant, admin, Map.of(
          "version", version, "useSystemSettings", false,
          "providers", List.of(Map.of("providerType", "EMAIL", "verificationCodeLifetime", 100 + version))));
      assertThat(response.status()).isEqualTo(200);
    }

    List<PolicySnapshot> snapshots = readUntil("tenant:" + tenant, 5);

    assertThat(snapshots).extracting(PolicySnapshot::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(snapshots.get(4).getSettings().getProviders().get(0).getVerificationCodeLifetime()).isEqualTo(104);
    assertThat(snapshots.get(4).getMetadata().getTenantId()).isEqualTo(tenant);
  }

  @Test
  void restartedConsumerRebuildsTheLatestStateFromTheTopic() {
    ApiClient api = ApiClient.local(port);
    String tenant = "tenant-" + UUID.randomUUID();
    String admin = TOKENS.tenantAdmin("ta", tenant);
    api.put("/api/v1/settings/tenants/" + tenant, admin, Map.of("version", 0, "useSystemSettings", false,
        "providers", List.of(Map.of("providerType", "TOTP"))));
    api.delete("/api/v1/settings/tenants/" + tenant + "?version=1", admin);

    // A consumer starting from nothing keeps the last snapshot per key, as a cache rebuild does.
    Map<String, PolicySnapshot> rebuilt = new HashMap<>();
    TopicProbe.await(newConsumer(), Topics.POLICIES.name(), record -> {
      rebuilt.put(record.key(), record.value());
      return record.key().equals("tenant:" + tenant);
    }, 2);

    PolicySnapshot latest = rebuilt.get("tenant:" + tenant);
    assertThat(latest.getVersion()).isEqualTo(2);
    assertThat(latest.getUseSystemSettings()).isTrue();
    assertThat(latest.getSettings()).isNull();
  }

  @Test
  void changeStoredButNotPublishedBeforeACrashIsPublishedByTheOutboxRelay() {
    String tenant = "tenant-" + UUID.randomUUID();
    TwoFaSettings own = new TwoFaSettings(List.of(new ProviderSettings.Totp("Crash-Test")), 30, "3:900", 30, 3600,
        false, Optional.empty());
    // The process "dies" right after the write: nothing calls the publisher.
    store.writeTenant(new TenantSettings(tenant, false, Optional.of(own),
        Optional.of(EnforcedUsersFilter.of(EnforcedUsersFilter.Type.TENANT_ADMINISTRATORS))), 0, "ta");
    assertThat(store.find("tenant:" + tenant).orElseThrow().publishedVersion()).isZero();

    List<PolicySnapshot> snapshots = readUntil("tenant:" + tenant, 1);

    assertThat(snapshots.get(0).getVersion()).isEqualTo(1);
    assertThat(snapshots.get(0).getSettings().getProviders().get(0).getIssuerName()).isEqualTo("Crash-Test");
    assertThat(snapshots.get(0).getSettings().getEnforceTwoFa()).isTrue();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> store.find("tenant:" + tenant).orElseThrow().publishedVersion() == 1);
  }

  private static List<PolicySnapshot> readUntil(String key, int count) {
    return TopicProbe.await(newConsumer(), Topics.POLICIES.name(), record -> record.key().equals(key), count)
        .stream().map(ConsumerRecord::value).toList();
  }

  /** A consumer starting from the beginning of the topic, as after a restart with no state. */
  private static KafkaConsumer<String, PolicySnapshot> newConsumer() {
    return TopicProbe.consumer(AvroSerde.consumerSettings(TwofoldInfrastructure.get().registry().registryApiUrl()));
  }
}
