package io.twofold.localstack;

import io.twofold.testsupport.Rfc6238;
import io.twofold.testsupport.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./twofold local}, {@code token}, {@code totp} and {@code dlt}: runs the local stack until
 * Ctrl-C, mints a token the local stack accepts, shows an authenticator's code, or lists and replays
 * dead-letter records (of the local stack, or of any cluster with {@code --bootstrap}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = new ArrayList<>(List.of(args));
    String command = arguments.isEmpty() ? "run" : arguments.remove(0);
    Path root = Path.of(System.getProperty("twofold.root", ".")).toAbsolutePath().normalize();
    Path dataDir = Path.of(System.getProperty("twofold.data", root.resolve(".local-stack").toString()));
    switch (command) {
      case "run" -> run(root, dataDir);
      case "token" -> System.out.println(mint(tokenKey(dataDir), arguments));
      case "totp" -> System.out.println(totp(arguments, Instant.now()));
      case "dlt" -> System.exit(DeadLetterCommand.run(arguments, "127.0.0.1:" + StackPorts.defaults().kafka(),
          System.out));
      default -> {
        System.err.println("usage: run | token --sub ID [--tenant ID] [--customer ID]"
            + " [--authority SYS_ADMIN|TENANT_ADMIN|CUSTOMER_USER] [--scope S]... [--minutes N]"
            + " | totp BASE32_SECRET [--next] | dlt list|replay DEAD_LETTER_TOPIC [--bootstrap HOST:PORT]");
        System.exit(2);
      }
    }
  }

  /** The reference login app's port on the local stack. */
  static final int LOGIN_APP_PORT = 8090;

  /** The login app's demo users: name, password, authority, tenant, tenant profile, customer. */
  static final List<String> DEMO_USERS = List.of(
      "root:root-password:SYS_ADMIN",
      "alice:alice-password:TENANT_ADMIN:acme:gold",
      "bob:bob-password:CUSTOMER_USER:acme:gold:customer-1",
      "carol:carol-password:TENANT_ADMIN:globex:silver");

  private static void run(Path root, Path dataDir) throws InterruptedException {
    Instant started = Instant.now();
    System.out.println("Starting the Twofold local stack (data and logs in " + dataDir + ") ...");
    LocalStack stack = LocalStack.start(root, dataDir, StackPorts.defaults());
    String loginApp = stack.startLoginApp(LOGIN_APP_PORT, DEMO_USERS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping the Twofold local stack ...");
      stack.close();
    }, "stop-local-stack"));
    Tokens tokens = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC));
    Duration halfDay = Duration.ofHours(12);
    System.out.printf("""

        Twofold local stack is up after %d s.

          Kafka (KRaft)        %s
          Schema registry      %s   (Confluent API: %s/apis/ccompat/v7)
          MongoDB wire server  %s
          policy-service       %s
          enrollment-service   %s
          challenge-service    %s
          delivery-service     %s

        Try it: the reference login app at %s
          root / root-password     system administrator (2FA administration)
          alice / alice-password   tenant administrator of acme (tenant profile gold)
          bob / bob-password       customer user of acme
          carol / carol-password   tenant administrator of globex (tenant profile silver)
        Codes go to the local outbox: GET /api/v1/local/outbox on delivery-service with the
        system administrator's token below, or the delivery-service log (without the code).

        Each service: /actuator/health (open), /actuator/prometheus (a token with scope twofold.metrics).

        Tokens for the next 12 hours:
          system administrator:  %s
          login service:         %s
        Mint others:  ./twofold token --sub alice --tenant tenant-1 --authority TENANT_ADMIN [--scope twofold.enroll]
                      ./twofold token --sub prometheus --scope twofold.metrics

        Logs: %s   Ctrl-C stops everything.
        """,
        Duration.between(started, Instant.now()).toSeconds(),
        stack.kafkaBootstrap(), stack.registryUrl(), stack.registryUrl(), stack.mongoUri(),
        stack.serviceUrl(ServiceKind.POLICY), stack.serviceUrl(ServiceKind.ENROLLMENT),
        stack.serviceUrl(ServiceKind.CHALLENGE), stack.serviceUrl(ServiceKind.DELIVERY), loginApp,
        tokens.subject("local-admin").authority("SYS_ADMIN").lifetime(halfDay).mint(),
        tokens.subject("local-login-service").scope(Tokens.LOGIN).lifetime(halfDay).mint(),
        dataDir.resolve("logs"));
    Thread.currentThread().join();
  }

  /**
   * What an authenticator app shows for a base32 secret now, or with {@code --next} the code of the
   * next 30-second step (a code is accepted once, so a second sign-in in the same step needs it).
   */
  static String totp(List<String> arguments, Instant now) {
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("totp needs the base32 secret");
    }
    byte[] key = new org.apache.commons.codec.binary.Base32().decode(arguments.get(0));
    long seconds = now.getEpochSecond() + (arguments.contains("--next") ? 30 : 0);
    return Rfc6238.code(key, seconds, 6);
  }

  /**
   * The key tokens are signed with: {@code TWOFOLD_JWT_HMAC_SECRET} when set (a docker compose
   * deployment's, read from its secrets volume: deploy/README), otherwise the local stack's.
   */
  static String tokenKey(Path dataDir) {
    String given = System.getenv("TWOFOLD_JWT_HMAC_SECRET");
    return given != null && !given.isBlank() ? given.trim() : LocalSecrets.loadOrCreate(dataDir).get(LocalSecrets.JWT_HMAC);
  }

  static String mint(LocalSecrets secrets, List<String> arguments) {
    return mint(secrets.get(LocalSecrets.JWT_HMAC), arguments);
  }

  static String mint(String key, List<String> arguments) {
    Tokens.Token token = null;
    String tenant = null;
    String customer = null;
    String authority = null;
    List<String> scopes = new ArrayList<>();
    long minutes = 60;
    String subject = null;
    for (int i = 0; i + 1 < arguments.size(); i += 2) {
      String value = arguments.get(i + 1);
      switch (arguments.get(i)) {
        case "--sub" -> subject = value;
        case "--tenant" -> tenant = value;
        case "--customer" -> customer = value;
        case "--authority" -> authority = value;
        case "--scope" -> scopes.add(value);
        case "--minutes" -> minutes = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + arguments.get(i));
      }
    }
    if (subject == null) {
      throw new IllegalArgumentException("--sub is required");
    }
    token = Tokens.withSecret(key).subject(subject)
        .tenant(tenant).customer(customer).authority(authority).lifetime(Duration.ofMinutes(minutes));
    scopes.forEach(token::scope);
    return token.mint();
  }
}
