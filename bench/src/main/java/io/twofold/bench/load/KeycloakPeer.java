package io.twofold.bench.load;

import io.twofold.testsupport.ChildProcess;
import io.twofold.testsupport.Rfc6238;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The peer a user would pick instead of Twofold, for scenario (d): Keycloak 26 (its Quarkus
 * distribution from Maven Central, {@code bench/target/peer/keycloak.tar.gz}, built with
 * {@code -Ppeer}) in dev mode on its embedded H2, on the Temurin 25 JDK, with a realm of the same
 * number of users, each with a password and an imported TOTP credential of a known secret:
 * <ul>
 *   <li>a public client with direct access grants: a whole OTP login is one token request
 *       (password + {@code totp});
 *   <li>OTP policy TOTP / HMAC-SHA-1 / 6 digits / 30 s, look-around 1 (as Twofold's);
 *   <li>password policy {@code hashAlgorithm(pbkdf2-sha512) and hashIterations(1)}, so that hashing
 *       does not dominate (Keycloak 26.5 hashes with argon2id by default);
 *   <li>brute-force detection on.
 * </ul>
 * Keycloak refuses a code already used, so like Twofold's users each logs in at most once per step.
 */
final class KeycloakPeer implements AutoCloseable {

  static final Path JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final String REALM = "load";
  private static final String PASSWORD = "load-password";

  private final ChildProcess process;
  private final String tokenUrl;
  private final List<byte[]> keys;
  private final HttpClient http;

  private KeycloakPeer(ChildProcess process, int port, List<byte[]> keys, HttpClient http) {
    this.process = process;
    this.tokenUrl = "http://127.0.0.1:" + port + "/realms/" + REALM + "/protocol/openid-connect/token";
    this.keys = keys;
    this.http = http;
  }

  /** Unpacks the distribution into {@code workDir}, imports the realm, waits until it answers. */
  static KeycloakPeer start(Path distribution, Path workDir, int users, int port, int managementPort,
      HttpClient http) throws IOException, InterruptedException {
    if (!Files.isRegularFile(distribution)) {
      throw new IllegalStateException(distribution + " is missing: build with -Ppeer (./twofold load --peer 1 does)");
    }
    ChildProcess.runToCompletion("tar", List.of("tar", "xzf", distribution.toString(), "-C", workDir.toString()),
        workDir.resolve("unpack.log"));
    Path home;
    try (var entries = Files.list(workDir)) {
      home = entries.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
          .orElseThrow(() -> new IllegalStateException(distribution + " holds no keycloak-* directory"));
    }
    SecureRandom random = new SecureRandom();
    List<byte[]> keys = IntStream.range(0, users).mapToObj(user -> secret(random)).toList();
    Path realm = home.resolve("data/import/" + REALM + "-realm.json");
    Files.createDirectories(realm.getParent());
    Files.writeString(realm, realm(keys));

    ChildProcess keycloak = ChildProcess.start("keycloak", List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
            "--import-realm", "--http-port=" + port, "--http-management-port=" + managementPort, "--http-host=127.0.0.1"),
        // Keycloak 26.5 on Java 25 (issue 16).
        Map.of("JAVA_HOME", JAVA_HOME.toString(), "JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED"),
        home.resolve("keycloak.log"));
    KeycloakPeer peer = new KeycloakPeer(keycloak, port, keys, http);
    peer.awaitReady(Duration.ofMinutes(5));
    return peer;
  }

  /** The JVM's process (kc.sh starts it as a child, or becomes it after a re-augmentation). */
  long processId() {
    return shell().descendants().filter(ProcessHandle::isAlive).mapToLong(ProcessHandle::pid)
        .findFirst().orElse(process.pid());
  }

  private ProcessHandle shell() {
    return ProcessHandle.of(process.pid()).orElseThrow(() -> new IllegalStateException("Keycloak is not running"));
  }

  /** One whole OTP login of a user by direct grant at {@code now}; true when tokens came back. */
  boolean login(int user, Instant now) throws IOException, InterruptedException {
    String form = "grant_type=password&client_id=load-login&username=" + username(user) + "&password=" + PASSWORD
        + "&totp=" + Rfc6238.code(keys.get(user), now.getEpochSecond(), 6);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 && response.body().contains("\"access_token\"");
  }

  private void awaitReady(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    URI realm = URI.create(tokenUrl.substring(0, tokenUrl.indexOf("/protocol/")));
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ChildProcess.tail(process.log()));
      }
      try {
        if (http.send(HttpRequest.newBuilder(realm).GET().build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Keycloak did not answer within " + limit + ChildProcess.tail(process.log()));
  }

  /** Keycloak keeps a TOTP secret as text and keys its HMAC with that text's bytes. */
  private static byte[] secret(SecureRandom random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String username(int user) {
    return "load-user-" + user;
  }

  private static String realm(List<byte[]> keys) {
    String users = IntStream.range(0, keys.size()).mapToObj(user -> """
        {"username":"%s","enabled":true,"email":"%s@load.test","emailVerified":true,"firstName":"Load","lastName":"User",
         "credentials":[{"type":"password","value":"%s","temporary":false},
          {"type":"otp","userLabel":"app","secretData":"{\\"value\\":\\"%s\\"}",
           "credentialData":"{\\"subType\\":\\"totp\\",\\"digits\\":6,\\"counter\\":0,\\"period\\":30,\\"algorithm\\":\\"HmacSHA1\\"}"}]}"""
        .formatted(username(user), username(user), PASSWORD, new String(keys.get(user), StandardCharsets.US_ASCII)))
        .collect(Collectors.joining(",\n"));
    return """
        {"realm":"%s","enabled":true,"bruteForceProtected":true,
         "passwordPolicy":"hashAlgorithm(pbkdf2-sha512) and hashIterations(1)",
         "otpPolicyType":"totp","otpPolicyAlgorithm":"HmacSHA1","otpPolicyDigits":6,"otpPolicyPeriod":30,
         "otpPolicyLookAheadWindow":1,
         "clients":[{"clientId":"load-login","publicClient":true,"directAccessGrantsEnabled":true,"standardFlowEnabled":false}],
         "users":[%s]}
        """.formatted(REALM, users);
  }

  /** kc.sh forwards a TERM to its Java child; the child is asked too, in case the shell is gone first. */
  @Override
  public void close() {
    ProcessHandle.of(process.pid()).ifPresent(shell -> shell.descendants().forEach(ProcessHandle::destroy));
    process.close();
  }
}
