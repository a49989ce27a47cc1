package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/compose-secrets.sh: keys made once and kept, each service given the keys it uses and
 * no other, and a Prometheus token the services accept for metrics only.
 */
class ComposeSecretsTest {

  private static final String HMAC = "TWOFOLD_JWT_HMAC_SECRET";
  private static final String CODE = "TWOFOLD_CODE_KEY";
  private static final String TOTP = "TWOFOLD_TOTP_KEY";
  private static final String PEPPER = "TWOFOLD_BACKUP_CODE_PEPPER";

  private static Properties run(Path dir) throws Exception {
    var result = Tool.run(Tool.ROOT, "sh", "deploy/docker/compose-secrets.sh", dir.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).as("prints nothing secret").isEmpty();
    return read(dir.resolve("keys.env"));
  }

  private static Properties read(Path file) throws Exception {
    Properties keys = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      keys.load(reader);
    }
    return keys;
  }

  @Test
  void makesFourDistinct256BitKeys(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);

    assertThat(keys.stringPropertyNames()).containsExactlyInAnyOrder(HMAC, CODE, TOTP, PEPPER);
    assertThat(keys.values().stream().distinct()).hasSize(4);
    keys.values().forEach(key -> assertThat(Base64.getDecoder().decode((String) key)).hasSize(32));
    assertThat(Files.getPosixFilePermissions(dir.resolve("keys.env")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void eachServiceGetsTheKeysItUsesAndNoOther(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);
    Map<String, Set<String>> expected = Map.of(
        "policy", Set.of(HMAC),
        "enrollment", Set.of(HMAC, CODE, TOTP, PEPPER),
        "challenge", Set.of(HMAC, CODE),
        "delivery", Set.of(HMAC, CODE));

    expected.forEach((service, names) -> {
      try {
        Path file = dir.resolve(service).resolve("twofold.env");
        Properties own = read(file);
        assertThat(own.stringPropertyNames()).as(service).containsExactlyInAnyOrderElementsOf(names);
        names.forEach(name -> assertThat(own.getProperty(name)).as(service + " " + name).isEqualTo(keys.getProperty(name)));
        assertThat(Files.getPosixFilePermissions(file)).as(service)
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void keepsTheKeysAcrossRestarts(@TempDir Path dir) throws Exception {
    Properties first = run(dir);
    Properties second = run(dir);

    assertThat(second).isEqualTo(first);
    assertThat(read(dir.resolve("enrollment/twofold.env")).getProperty(TOTP)).isEqualTo(first.getProperty(TOTP));
  }

  @Test
  void theTokenIsSignedWithTheServicesKeyForMetricsOnlyAndForTwofold(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);
    SignedJWT token = SignedJWT.parse(Files.readString(dir.resolve("prometheus/prometheus.token")));

    assertThat(token.verify(new MACVerifier(Base64.getDecoder().decode(keys.getProperty(HMAC))))).isTrue();
    assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("twofold.metrics");
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("twofold");
    // two days: compose's prometheus-token service mints a new one every 12 hours
    assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant())
        .isAfter(Instant.now().plusSeconds(47L * 3600)).isBefore(Instant.now().plusSeconds(49L * 3600));
    assertThat(Files.list(dir.resolve("prometheus")).map(p -> p.getFileName().toString()))
        .containsExactly("prometheus.token");
  }

  @Test
  void tokenOnlyMintsANewTokenWithTheSameKeysAndTouchesNothingElse(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);
    String first = Files.readString(dir.resolve("prometheus/prometheus.token"));
    Files.delete(dir.resolve("policy/twofold.env"));
    Thread.sleep(1_100); // a new iat

    var result = Tool.run(Tool.ROOT, "sh", "deploy/docker/compose-secrets.sh", "--token-only", dir.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    SignedJWT second = SignedJWT.parse(Files.readString(dir.resolve("prometheus/prometheus.token")));
    assertThat(second.serialize()).isNotEqualTo(first);
    assertThat(second.verify(new MACVerifier(Base64.getDecoder().decode(keys.getProperty(HMAC))))).isTrue();
    assertThat(read(dir.resolve("keys.env"))).isEqualTo(keys);
    assertThat(dir.resolve("policy/twofold.env")).as("the services' files are left alone").doesNotExist();
  }

  @Test
  void tokenOnlyNeedsTheKeysToExist(@TempDir Path dir) throws Exception {
    var result = Tool.run(Tool.ROOT, "sh", "deploy/docker/compose-secrets.sh", "--token-only", dir.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(dir.resolve("keys.env")).doesNotExist();
  }
}
