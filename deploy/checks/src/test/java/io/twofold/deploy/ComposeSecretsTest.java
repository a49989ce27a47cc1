package io.twofold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/docker/compose-secrets.sh: keys made once and kept, and a Prometheus token the services accept. */
class ComposeSecretsTest {

  private static Properties run(Path dir) throws Exception {
    var result = Tool.run(Tool.ROOT, "sh", "deploy/docker/compose-secrets.sh", dir.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).as("prints nothing secret").isEmpty();
    Properties keys = new Properties();
    try (var reader = Files.newBufferedReader(dir.resolve("twofold.env"))) {
      keys.load(reader);
    }
    return keys;
  }

  @Test
  void makesFourDistinct256BitKeys(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);

    assertThat(keys.stringPropertyNames()).containsExactlyInAnyOrder("TWOFOLD_JWT_HMAC_SECRET", "TWOFOLD_CODE_KEY",
        "TWOFOLD_TOTP_KEY", "TWOFOLD_BACKUP_CODE_PEPPER");
    assertThat(keys.values().stream().distinct()).hasSize(4);
    keys.values().forEach(key -> assertThat(Base64.getDecoder().decode((String) key)).hasSize(32));
    assertThat(Files.getPosixFilePermissions(dir.resolve("twofold.env")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void keepsTheKeysAcrossRestarts(@TempDir Path dir) throws Exception {
    Properties first = run(dir);
    Properties second = run(dir);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void theTokenIsSignedWithTheServicesKeyForTheInternalScope(@TempDir Path dir) throws Exception {
    Properties keys = run(dir);
    SignedJWT token = SignedJWT.parse(Files.readString(dir.resolve("prometheus.token")));

    assertThat(token.verify(new MACVerifier(Base64.getDecoder().decode(keys.getProperty("TWOFOLD_JWT_HMAC_SECRET"))))).isTrue();
    assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("twofold.internal");
    assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(29L * 86400));
  }
}
