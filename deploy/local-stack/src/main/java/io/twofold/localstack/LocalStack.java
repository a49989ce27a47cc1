package io.twofold.localstack;

import de.bwaldvogel.mongo.MongoServer;
import io.twofold.testsupport.ChildProcess;
import io.twofold.testsupport.RegistryProcess;
import io.twofold.testsupport.Tokens;
import io.twofold.testsupport.mongo.IndexedMemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole suite on one machine, on embedded defaults: a real KRaft Kafka node, Apicurio Registry,
 * a Mongo wire server on an H2 file, and the four services, each on a fixed loopback port. Data lives
 * under one folder and survives restarts. {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /**
   * Each service JVM on a developer machine: small heap, serial GC, and C1 only — with seven JVMs
   * on a few cores, C2 compilations compete with the services themselves for CPU (measured with
   * {@code ./twofold load}; README). Override with {@code -Dtwofold.local.jvm-options="..."}.
   */
  static final String JVM_OPTIONS =
      "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -Xss512k";

  private final Path root;
  private final Path dataDir;
  private final StackPorts ports;
  private final LocalSecrets secrets;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final Map<ServiceKind, ChildProcess> services = new EnumMap<>(ServiceKind.class);
  private final Map<Integer, ChildProcess> others = new HashMap<>();
  private final Map<ServiceKind, Map<String, String>> settings;
  private final boolean mongoAsProcess;
  private ChildProcess kafka;
  private ChildProcess mongoProcess;

  private LocalStack(Path root, Path dataDir, StackPorts ports, Map<ServiceKind, Map<String, String>> settings,
      boolean mongoAsProcess) {
    this.root = root;
    this.dataDir = dataDir;
    this.ports = ports;
    this.settings = settings;
    this.mongoAsProcess = mongoAsProcess;
    this.secrets = LocalSecrets.loadOrCreate(dataDir);
  }

  /**
   * Starts the stack and returns once every service reports UP.
   *
   * @param root the repository root, where the services' jars were built
   * @param dataDir where data, keys and logs are kept
   */
  public static LocalStack start(Path root, Path dataDir, StackPorts ports) {
    return start(root, dataDir, ports, Map.of());
  }

  /**
   * Starts the stack with extra environment variables for some services, e.g. the delivery
   * service's SendGrid and Twilio settings ({@code SENDGRID_BASE_URL}, {@code TWILIO_ACCOUNT_SID}, ...).
   */
  public static LocalStack start(Path root, Path dataDir, StackPorts ports,
      Map<ServiceKind, Map<String, String>> settings) {
    return start(root, dataDir, ports, settings, false);
  }

  /**
   * @param mongoAsProcess the Mongo wire server (in memory) in a process of its own, which a test
   *     can freeze and thaw ({@link #pauseMongo()}), instead of inside this JVM
   */
  public static LocalStack start(Path root, Path dataDir, StackPorts ports,
      Map<ServiceKind, Map<String, String>> settings, boolean mongoAsProcess) {
    LocalStack stack = new LocalStack(root, dataDir, ports, settings, mongoAsProcess);
    try {
      stack.startInfrastructure();
      stack.startServices();
      return stack;
    } catch (RuntimeException failure) {
      stack.close();
      throw failure;
    }
  }

  private void startInfrastructure() {
    Path logs = dataDir.resolve("logs");
    CompletableFuture<RegistryProcess> registry = CompletableFuture.supplyAsync(() ->
        RegistryProcess.start(ports.registry(), ports.registryManagement(),
            dataDir.resolve("registry"), logs.resolve("registry.log")));

    startKafka();

    if (mongoAsProcess) {
      mongoProcess = MongoNode.start(ports.mongo(), logs);
      running.add(mongoProcess);
      HealthProbe.await("Mongo", START_TIMEOUT, mongoProcess, () -> HealthProbe.acceptsConnections(ports.mongo()));
    } else {
      // H2 file by default, so data survives restarts; -Dtwofold.local.mongo=memory for a throwaway
      // stack. Both honour the services' indexes, as MongoDB does (mongo-java-server alone scans).
      MongoServer mongo = new MongoServer("memory".equals(System.getProperty("twofold.local.mongo"))
          ? new IndexedMemoryBackend()
          : new IndexedH2Backend(dataDir.resolve("mongo.mv").toString()));
      mongo.bind("127.0.0.1", ports.mongo());
      running.add(mongo::shutdown);
    }

    running.add(registry.join());
  }

  /** Starts the Kafka node (again, after {@link #stopKafka()}: same data) and waits until it listens. */
  public void startKafka() {
    kafka = KafkaNode.start(dataDir, ports, secrets.get(LocalSecrets.KAFKA_CLUSTER_ID), dataDir.resolve("logs"));
    running.add(kafka);
    HealthProbe.await("Kafka", START_TIMEOUT, kafka, () -> HealthProbe.acceptsConnections(ports.kafka()));
  }

  /** Stops the Kafka node as a shutdown does (its data stays). */
  public void stopKafka() {
    kafka.close();
  }

  /** Freezes the Mongo wire server ({@code kill -STOP}): connections stay open and nothing answers. */
  public void pauseMongo() {
    requireMongoProcess().signal("STOP");
  }

  public void resumeMongo() {
    requireMongoProcess().signal("CONT");
  }

  private ChildProcess requireMongoProcess() {
    if (mongoProcess == null) {
      throw new IllegalStateException("this stack runs the Mongo wire server in its own JVM, not as a process");
    }
    return mongoProcess;
  }

  /** Kills a service's first instance as {@code kill -9} does: no shutdown, nothing flushed. */
  public void kill(ServiceKind service) {
    services.get(service).kill();
  }

  /**
   * Stops a service's first instance as a shutdown does (its consumers leave their groups at once),
   * e.g. to replace it by instances with settings of their own; {@link #restart} starts it again.
   */
  public void stop(ServiceKind service) {
    services.get(service).close();
  }

  /** Starts a service's first instance again on its port, after {@link #kill}; returns once it is UP. */
  public void restart(ServiceKind service) {
    ChildProcess process = launch(service, ports.portOf(service), service.module(), Map.of());
    services.put(service, process);
    HealthProbe.await(service.module(), START_TIMEOUT, process,
        () -> HealthProbe.answersUp(serviceUrl(service) + "/actuator/health"));
  }

  private void startServices() {
    for (ServiceKind service : ServiceKind.values()) {
      services.put(service, launch(service, ports.portOf(service), service.module(), Map.of()));
    }
    for (ServiceKind service : ServiceKind.values()) {
      HealthProbe.await(service.module(), START_TIMEOUT, services.get(service),
          () -> HealthProbe.answersUp(serviceUrl(service) + "/actuator/health"));
    }
  }

  private ChildProcess launch(ServiceKind service, int port, String name, Map<String, String> extra) {
    Map<String, String> environment = environment(service);
    environment.putAll(extra);
    environment.put("PORT", Integer.toString(port));
    ChildProcess process = ChildProcess.start(name, command(service), environment,
        dataDir.resolve("logs").resolve(name + ".log"));
    running.add(process);
    return process;
  }

  /**
   * Starts one more instance of a service on another port (same group, same database), e.g. a
   * second delivery instance; returns its base URL once it reports UP. Stopped with the stack.
   */
  public String startAnotherInstance(ServiceKind service, int port) {
    return startAnotherInstance(service, port, Map.of());
  }

  /** As {@link #startAnotherInstance(ServiceKind, int)}, with settings of its own (environment variables). */
  public String startAnotherInstance(ServiceKind service, int port, Map<String, String> settings) {
    String name = service.module() + "-" + port;
    ChildProcess process = launch(service, port, name, settings);
    others.put(port, process);
    String url = "http://127.0.0.1:" + port;
    // Readiness, as Kubernetes asks it: the overall status also counts optional parts, e.g. the mail
    // server of an instance that sends by SMTP, which may be what a test has broken.
    HealthProbe.await(name, START_TIMEOUT, process, () -> HealthProbe.answersUp(url + "/actuator/health/readiness"));
    return url;
  }

  /** Stops the instance {@link #startAnotherInstance} started on this port, as a shutdown does. */
  public void stopAnotherInstance(int port) {
    ChildProcess process = others.remove(port);
    if (process == null) {
      throw new IllegalArgumentException("no other instance runs on port " + port);
    }
    process.close();
  }

  /**
   * The reference login app ({@code login-app}) on this port, in front of this stack's services,
   * with these demo users ({@code name:password:authority[:tenant[:profile[:customer]]]}; empty for
   * the app's own); returns its URL once it answers. Stopped with the stack.
   */
  public String startLoginApp(int port, List<String> users) {
    Map<String, String> environment = new HashMap<>(Map.of(
        "PORT", Integer.toString(port),
        "TWOFOLD_POLICY_URL", serviceUrl(ServiceKind.POLICY),
        "TWOFOLD_ENROLLMENT_URL", serviceUrl(ServiceKind.ENROLLMENT),
        "TWOFOLD_CHALLENGE_URL", serviceUrl(ServiceKind.CHALLENGE),
        "TWOFOLD_JWT_HMAC_SECRET", secrets.get(LocalSecrets.JWT_HMAC),
        "TWOFOLD_JWT_AUDIENCE", Tokens.AUDIENCE));
    if (!users.isEmpty()) {
      environment.put("LOGIN_APP_USERS", String.join(",", users));
    }
    ChildProcess process = ChildProcess.start("login-app", command("login-app"), environment,
        dataDir.resolve("logs").resolve("login-app.log"));
    running.add(process);
    String url = "http://127.0.0.1:" + port;
    HealthProbe.await("login-app", START_TIMEOUT, process, () -> HealthProbe.answersOk(url + "/login"));
    return url;
  }

  private List<String> command(ServiceKind service) {
    return command(service.module());
  }

  private List<String> command(String module) {
    Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version() + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(System.getProperty("twofold.local.jvm-options", JVM_OPTIONS).split(" ")));
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  private Map<String, String> environment(ServiceKind service) {
    Map<String, String> environment = new HashMap<>(Map.ofEntries(
        // where the services find each other on this stack's ports (not the defaults)
        Map.entry("TWOFOLD_POLICY_URL", serviceUrl(ServiceKind.POLICY)),
        Map.entry("TWOFOLD_ENROLLMENT_URL", serviceUrl(ServiceKind.ENROLLMENT)),
        Map.entry("SPRING_PROFILES_ACTIVE", "local"),
        Map.entry("TWOFOLD_KAFKA_BOOTSTRAP", kafkaBootstrap()),
        Map.entry("TWOFOLD_REGISTRY_URL", registryUrl() + "/apis/registry/v3"),
        Map.entry("TWOFOLD_MONGO_URI", mongoUri() + "/" + service.database()),
        Map.entry("TWOFOLD_MONGO_DATABASE", service.database()),
        Map.entry("TWOFOLD_JWT_HMAC_SECRET", secrets.get(LocalSecrets.JWT_HMAC)),
        Map.entry("TWOFOLD_JWT_AUDIENCE", Tokens.AUDIENCE)));
    // Each key reaches only the services that use it: the code key the ones that seal or open
    // codes, the TOTP key ring and the backup-code pepper enrollment alone.
    if (service != ServiceKind.POLICY) {
      environment.put("TWOFOLD_CODE_KEY", secrets.get(LocalSecrets.CODE_KEY));
    }
    if (service == ServiceKind.ENROLLMENT) {
      environment.put("TWOFOLD_TOTP_KEY", secrets.get(LocalSecrets.TOTP_KEY));
      environment.put("TWOFOLD_BACKUP_CODE_PEPPER", secrets.get(LocalSecrets.BACKUP_PEPPER));
    }
    environment.putAll(settings.getOrDefault(service, Map.of()));
    return environment;
  }

  private static String version() {
    String version = LocalStack.class.getPackage().getImplementationVersion();
    return version != null ? version : "0.1.0-SNAPSHOT";
  }

  public String serviceUrl(ServiceKind service) {
    return "http://127.0.0.1:" + ports.portOf(service);
  }

  /**
   * Base URLs of the service instances started so far, by their names in {@link #processIds}: the
   * first instances and those {@link #startAnotherInstance} started and did not stop.
   */
  public Map<String, String> serviceInstanceUrls() {
    Map<String, String> urls = new java.util.TreeMap<>();
    services.keySet().forEach(service -> urls.put(service.module(), serviceUrl(service)));
    others.forEach((port, process) -> urls.put(process.name(), "http://127.0.0.1:" + port));
    return urls;
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + ports.kafka();
  }

  public String registryUrl() {
    return "http://127.0.0.1:" + ports.registry();
  }

  public String mongoUri() {
    return "mongodb://127.0.0.1:" + ports.mongo();
  }

  /** Process ids of the child processes started so far (name → pid: Kafka, service instances). */
  public Map<String, Long> processIds() {
    Map<String, Long> pids = new java.util.TreeMap<>();
    for (AutoCloseable component : running) {
      if (component instanceof ChildProcess process) {
        pids.put(process.name(), process.pid());
      }
    }
    return pids;
  }

  public LocalSecrets secrets() {
    return secrets;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("could not stop a component cleanly: " + e.getMessage());
      }
    }
    running.clear();
  }
}
