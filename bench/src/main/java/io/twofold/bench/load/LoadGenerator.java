package io.twofold.bench.load;

import io.twofold.localstack.LocalSecrets;
import io.twofold.localstack.LocalStack;
import io.twofold.localstack.ServiceKind;
import io.twofold.localstack.StackPorts;
import io.twofold.platform.TwofoldApplication;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.kafka.AvroSerde;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.FreePorts;
import io.twofold.testsupport.Rfc6238;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.commons.codec.binary.Base32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./twofold load}: starts the local stack (the same launcher as {@code ./twofold local}) on
 * free ports, with SMS going to a loopback fake Twilio that answers after 100 ms, warms it up with
 * {@code --warm-up} sign-ins and their verifications (every user once per round, not reported), and
 * measures:
 * <ol>
 *   <li>(a) sign-in challenges end to end: {@code ChallengeRequest} produced on Kafka → challenge →
 *       code request → delivery → the provider's request received; a burst for throughput and a
 *       paced run for latency; against the limit of raw Kafka produce→consume of the same records;
 *   <li>(b) HTTP verification of those challenges, against a constant-answer endpoint of the same
 *       service (its liveness group);
 *   <li>(c) delivery throughput against the 100 ms provider with one, then two delivery instances
 *       (CPU-bound on the shared cores), and against a 4 s provider, where each instance is bounded
 *       by its own sends in flight, to show scaling;
 *   <li>(d) TOTP sign-ins over HTTP (challenge start + verification with an authenticator app's
 *       code), in rounds of every user once per 30-s step, and with {@code --peer 1} the same
 *       number of Keycloak OTP logins beside each round ({@link KeycloakPeer});
 *   <li>(a) again, last, with challenge-service capacity-bound: one, then two instances of 3 consumer
 *       threads each (half the partitions) asking an enrollment that answers a second late
 *       ({@link DelayingProxy}), to show its scaling over Kafka;
 *   <li>resident memory of each service during the run, and the stack's start time.
 * </ol>
 * Usage: {@code ./twofold load [--users 2000] [--rate 200] [--deliveries 3000] [--concurrency 32]
 * [--warm-up 2000] [--totp-rounds 4] [--peer 0|1] [--image-jvm 640|0]}.
 */
public final class LoadGenerator {

  /** The login service the generator plays: producer of its challenge requests, sub of its token. */
  private static final String LOGIN_CLIENT = "load-generator";


  private static final String TENANT = "load-tenant";
  /** The memory limit of each service's container in deploy/kubernetes. */
  private static final int PRODUCTION_LIMIT_MIB = 640;
  /** How long the fake provider takes to answer: a provider's usual, and a slow one for (c) bounded. */
  private static final long PROVIDER_MILLIS = 100;
  private static final long SLOW_PROVIDER_MILLIS = 4_000;
  /** The tenant's period between two codes of a user: the shortest allowed, so warm-up rounds follow each other. */
  private static final int SEND_PERIOD_SECONDS = 5;
  /** How late the slow enrollment answers challenge-service in the capacity-bound challenge runs. */
  private static final long SLOW_ENROLLMENT_MILLIS = 1_000;
  /** Consumer threads of each challenge instance in those runs: half the topic's 6 partitions. */
  private static final int BOUNDED_CHALLENGE_THREADS = 3;

  private final LocalStack stack;
  private final FakeProvider provider;
  private final Tokens tokens;
  private final HttpClient http;
  private final String challengeUrl;
  private final int concurrency;
  private final Map<String, Long> maxRssKb = new ConcurrentHashMap<>();
  /** Phone numbers (c) has used: each run sends to numbers of its own. */
  private int deliveriesSent;
  private int enrolledUsers;
  /** First user of an (a) run (warm-up included) → that run's challenge-id prefix, for (b). */
  private final ConcurrentSkipListMap<Integer, String> challengeIds = new ConcurrentSkipListMap<>();
  private final CpuAccount cpu = new CpuAccount();
  private final WorkAccount work;
  private final Path root;
  private final Path dataDir;
  private KeycloakPeer peer;
  private final AtomicReference<String> firstRefusal = new AtomicReference<>();

  private LoadGenerator(Path root, Path dataDir, LocalStack stack, FakeProvider provider, int concurrency) {
    this.root = root;
    this.dataDir = dataDir;
    this.stack = stack;
    this.provider = provider;
    this.tokens = Tokens.withSecret(stack.secrets().get(LocalSecrets.JWT_HMAC));
    this.concurrency = concurrency;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(concurrency)).build();
    this.challengeUrl = stack.serviceUrl(ServiceKind.CHALLENGE);
    this.work = new WorkAccount(() -> tokens.subject("load-scraper").scope(Tokens.METRICS).mint());
  }

  public static void main(String[] args) {
    // The HTTP client's and Kafka clients' threads would keep the JVM (and its ports) alive, after a
    // failure too.
    try {
      measure(options(args));
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void measure(Map<String, Integer> options) throws Exception {
    int users = options.getOrDefault("users", 2000);
    int rate = options.getOrDefault("rate", 200);
    int deliveries = options.getOrDefault("deliveries", 3000);
    int concurrency = options.getOrDefault("concurrency", 32);
    TwofoldApplication.trustSchemaPackage();
    // A throwaway stack: the in-memory Mongo wire server, not the H2 file, whose Java serialization
    // of every document would be measured as Twofold's cost (-Dtwofold.local.mongo=h2 to compare).
    System.getProperties().putIfAbsent("twofold.local.mongo", "memory");
    Path root = Path.of(System.getProperty("twofold.root", ".")).toAbsolutePath().normalize();
    Path dataDir = Files.createTempDirectory("twofold-load");
    // The services run as production runs them (issue 16): the image's flags in its 640 MiB limit
    // (deploy/kubernetes); --image-jvm 0 keeps the local stack's own (C1 only, for quick starts).
    int containerMib = options.getOrDefault("image-jvm", PRODUCTION_LIMIT_MIB);
    if (containerMib > 0) {
      System.setProperty("twofold.local.jvm-options", imageJvmOptions(root, containerMib));
    }
    System.out.println("Service JVMs: " + System.getProperty("twofold.local.jvm-options", "the local stack's (C1 only)"));

    try (FakeProvider provider = new FakeProvider(PROVIDER_MILLIS)) {
      StackPorts ports = StackPorts.free();
      long starting = System.nanoTime();
      Map<ServiceKind, Map<String, String>> settings = new HashMap<>();
      for (ServiceKind service : ServiceKind.values()) {
        settings.put(service, new HashMap<>(profiling(service.module())));
      }
      settings.get(ServiceKind.DELIVERY).putAll(Map.of(
          "TWILIO_ACCOUNT_SID", FakeProvider.ACCOUNT,
          "TWILIO_AUTH_TOKEN", "load-token",
          "TWILIO_FROM", "+15005550006",
          "TWILIO_BASE_URL", provider.url(),
          // thousands of codes to one number range: the toll-fraud budgets would refuse them
          "TWOFOLD_DELIVERY_SMSBUDGETS_ENABLED", "false"));
      LocalStack stack = LocalStack.start(root, dataDir, ports, settings);
      double startSeconds = (System.nanoTime() - starting) / 1e9;
      try (stack) {
        new LoadGenerator(root, dataDir, stack, provider, concurrency).run(users, rate, deliveries, startSeconds,
            options.getOrDefault("warm-up", 2000), options.getOrDefault("totp-rounds", 4), options.getOrDefault("peer", 0) == 1);
      }
    }
  }

  private void run(int users, int rate, int deliveries, double startSeconds, int warmUpSignIns, int totpRoundCount,
      boolean withPeer) throws Exception {
    System.out.printf("%nStack ready after %.1f s (Kafka, registry, Mongo wire server, four services).%n", startSeconds);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(this::sampleRss, 0, 500, TimeUnit.MILLISECONDS);
    enableProviders();
    System.out.printf("Enrolling %d users with an SMS factor (through delivery and the fake provider) ...%n", users);
    Result enrollment = enroll(users);
    System.out.println("  " + enrollment.line());

    List<Result> results = new ArrayList<>();
    warmUp(users, warmUpSignIns);
    int warm = users / 10;
    int half = warm + (users - warm) / 2;
    challengesEndToEnd("warm-up of the challenge path (not reported)", 0, warm, rate);
    Result burst = metered(() -> challengesEndToEnd("(a) challenges end to end, burst (throughput)", warm, half, 0));
    Result paced = metered(() ->
        challengesEndToEnd("(a) challenges end to end, paced at " + rate + "/s (latency)", half, users, rate));
    Result rawKafka = metered(() -> rawKafka("limit: raw Kafka produce→consume, same records", Math.max(users, 10_000)));
    Result verify = metered(() -> verifications("(b) HTTP verifications", users));
    Result constant = metered(() -> constantEndpoint("limit: constant endpoint (liveness), same service", users));
    Result oneDelivery = metered(() -> deliveries("(c) deliveries, 1 instance, 100 ms provider", deliveries));
    // Capacity-bound: a provider that answers after four seconds holds each of the instance's 64
    // sends that long, so one instance tops out at 16 sends/s, far below the CPU ceiling of the
    // shared cores; a second instance brings its own 64 (issue 16: scaling seen, not blurred by the
    // cores). A second was enough until the machine slowed (2026-12-02: two instances at 64/s each
    // met the cores' ceiling, about 80 sends/s, and read 1.31). The count is a multiple of 128, so
    // both runs end on a full round of sends rather than one of them on a part-empty one.
    int bounded = Math.max(640, (deliveries / 2 + 127) / 128 * 128);
    Result oneBounded = withSlowProvider(() -> deliveries("(c) deliveries, 1 instance, 4 s provider (bounded)", bounded));
    startAnotherInstance(ServiceKind.DELIVERY, Map.of());
    Thread.sleep(10_000); // the consumer group rebalances onto the new instance
    deliveries("warm-up of the second instance (not reported)", deliveries / 2);
    Result twoDeliveries = metered(() -> deliveries("(c) deliveries, 2 instances, 100 ms provider", deliveries));
    Result twoBounded = withSlowProvider(() -> deliveries("(c) deliveries, 2 instances, 4 s provider (bounded)", bounded));
    results.addAll(List.of(burst, paced, rawKafka, verify, constant, oneDelivery, twoDeliveries, oneBounded,
        twoBounded));
    List<TotpRound> totpRounds;
    try {
      totpRounds = totpSignIns(users, totpRoundCount, withPeer);
    } finally {
      if (peer != null) {
        peer.close();
      }
    }
    totpRounds.forEach(round -> {
      results.add(round.twofold());
      if (round.keycloak() != null) {
        results.add(round.keycloak());
      }
    });
    enrolledUsers = users;
    List<Result> challengeScaling = challengeScaling(20);
    results.addAll(challengeScaling);
    double challengeRatio = challengeScaling.get(1).perSecond() / challengeScaling.get(0).perSecond();
    sampler.shutdownNow();

    System.out.printf("%n%-58s %12s %13s %13s %13s%n", "run", "throughput", "p50", "p95", "p99");
    for (Result result : results) {
      System.out.println(result.line());
    }
    System.out.printf("%nRatios:%n");
    System.out.printf("  (a) burst / raw Kafka            %.3f%n", burst.perSecond() / rawKafka.perSecond());
    System.out.printf("  (b) verifications / constant     %.3f%n", verify.perSecond() / constant.perSecond());
    System.out.printf("  (c) two instances / one          %.2f%n", twoDeliveries.perSecond() / oneDelivery.perSecond());
    System.out.printf("  (c) the same, capacity-bound     %.2f%n", twoBounded.perSecond() / oneBounded.perSecond());
    System.out.printf("  (a) two challenge instances / one, capacity-bound  %.2f%n", challengeRatio);
    System.out.printf("Resident memory, max during the run (goal ≤ 300 MB each):%n");
    maxRssKb.forEach((name, kb) -> System.out.printf("  %-28s %6.0f MB%n", name, kb / 1024.0));
    sampleRss();
    System.out.printf("CPU time used since start (start-up included):%n");
    cpu.seconds(stack.processIds()).forEach((name, seconds) -> System.out.printf("  %-36s %7.1f s%n", name, seconds));
    cpu.print(System.out);
    work.print(System.out);
    List<Result> detailed = new ArrayList<>(List.of(burst, verify, oneDelivery));
    if (!totpRounds.isEmpty()) {
      detailed.add(totpRounds.get(totpRounds.size() - 1).twofold());
    }
    work.printCommands(System.out, detailed);
    printTotpRounds(totpRounds);
    goals(burst, paced, verify, constant, oneDelivery, twoBounded.perSecond() / oneBounded.perSecond());
    goal("(a) challenge-service: two instances / one, capacity-bound", "≥ 1.8", challengeRatio, 1.8, "×", true);
    if (!totpRounds.isEmpty() && totpRounds.get(0).keycloak() != null) {
      TotpRound last = totpRounds.get(totpRounds.size() - 1);
      goal("(d) TOTP sign-in / Keycloak OTP login, CPU, last round", "≤ 1.0",
          cpu.stackMillisPerOperation(last.twofold()) / cpu.millisPerOperation(last.keycloak(), CpuAccount.PEER),
          1.0, "", false);
    }
  }

  private void printTotpRounds(List<TotpRound> rounds) {
    if (rounds.isEmpty()) {
      return;
    }
    System.out.printf("%n(d) TOTP sign-in over HTTP (Twofold: challenge start + verification) and the peer's whole OTP"
        + " login (Keycloak: one direct grant); CPU of the servers only (Twofold's stack / Keycloak's JVM):%n");
    System.out.printf("  %-6s %12s %10s %12s   %12s %10s %12s%n", "round", "Twofold /s", "p99 ms", "CPU ms",
        "Keycloak /s", "p99 ms", "CPU ms");
    for (int i = 0; i < rounds.size(); i++) {
      Result twofold = rounds.get(i).twofold();
      Result keycloak = rounds.get(i).keycloak();
      System.out.printf("  %-6d %12.1f %10.1f %12.2f", i + 1, twofold.perSecond(), twofold.percentileMillis(99),
          cpu.stackMillisPerOperation(twofold));
      if (keycloak != null) {
        System.out.printf("   %12.1f %10.1f %12.2f", keycloak.perSecond(), keycloak.percentileMillis(99),
            cpu.millisPerOperation(keycloak, CpuAccount.PEER));
      }
      System.out.println();
    }
  }

  /** Issue 16's goals beside what this run measured (on this box every process shares the cores). */
  private void goals(Result burst, Result paced, Result verify, Result constant, Result oneDelivery,
      double boundedScaling) {
    System.out.printf("%nGoals (issue 16) and this run:%n");
    goal("(a) CPU per sign-in, whole stack, burst", "≤ 5 ms", cpu.millisPerOperation(burst), 5, " ms", false);
    goal("(a) CPU per sign-in, whole stack, paced", "≤ 5 ms", cpu.millisPerOperation(paced), 5, " ms", false);
    goal("(a) burst throughput", "≥ 350 /s", burst.perSecond(), 350, " /s", true);
    goal("(a) paced p99", "≤ 250 ms", paced.percentileMillis(99), 250, " ms", false);
    goal("(b) CPU per verification, whole stack", "≤ 1.5 ms", cpu.millisPerOperation(verify), 1.5, " ms", false);
    goal("(b) verifications / constant endpoint", "≥ 0.5", verify.perSecond() / constant.perSecond(), 0.5, "", true);
    goal("(b) p99 at concurrency " + concurrency, "≤ 50 ms", verify.percentileMillis(99), 50, " ms", false);
    goal("(c) delivery-service CPU per send", "≤ 1.5 ms",
        cpu.millisPerOperation(oneDelivery, ServiceKind.DELIVERY.module()), 1.5, " ms", false);
    goal("(c) two instances / one, capacity-bound", "≥ 1.8", boundedScaling, 1.8, "", true);
    double maxMb = maxRssKb.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
    goal("resident memory, largest service", "≤ 300 MB", maxMb, 300, " MB", false);
  }

  private static void goal(String what, String goal, double measured, double limit, String unit, boolean atLeast) {
    boolean met = atLeast ? measured >= limit : measured <= limit;
    System.out.printf("  %-44s %-10s %10.2f%-4s %s%n", what, goal, measured, unit, met ? "met" : "missed");
  }

  private interface Run {
    Result call() throws Exception;
  }

  /** {@link #metered} with the fake provider answering after a second; its usual delay afterwards. */
  private Result withSlowProvider(Run run) throws Exception {
    provider.delay(SLOW_PROVIDER_MILLIS);
    try {
      return metered(run);
    } finally {
      provider.delay(PROVIDER_MILLIS);
    }
  }

  /** Runs one measurement and notes the CPU each process spent on it, and the work each service did. */
  private Result metered(Run run) throws Exception {
    WorkAccount.Counts counted = work.counts(stack.serviceInstanceUrls());
    Map<String, Double> before = cpu.seconds(processIds());
    Result result = run.call();
    cpu.record(result, before, cpu.seconds(processIds()));
    work.record(result, counted, work.counts(stack.serviceInstanceUrls()));
    return result;
  }

  private Map<String, Long> processIds() {
    Map<String, Long> ids = new HashMap<>(stack.processIds());
    if (peer != null) {
      ids.put(CpuAccount.PEER, peer.processId());
    }
    return ids;
  }

  /**
   * With {@code TWOFOLD_LOAD_JFR=DIR}, each service instance records a JFR profile into DIR, named
   * as its log is (read with {@code jfr view hot-methods DIR/challenge-service.jfr}, JDK 21+'s jfr
   * tool). JDK 17 takes no {@code %p} in the file name: one name for all instances would leave the
   * profile of whichever stopped last.
   */
  private static Map<String, String> profiling(String instance) {
    String dir = System.getenv("TWOFOLD_LOAD_JFR");
    if (dir == null) {
      return Map.of();
    }
    return Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename="
        + Path.of(dir).toAbsolutePath().resolve(instance + ".jfr"));
  }

  /** One more instance of a service, with these settings (and its own profile, if asked for). */
  private void startAnotherInstance(ServiceKind service, Map<String, String> settings) {
    int port = FreePorts.next();
    Map<String, String> environment = new HashMap<>(profiling(service.module() + "-" + port));
    environment.putAll(settings);
    stack.startAnotherInstance(service, port, environment);
  }

  /**
   * The services' JVMs as the image runs them in a container of {@code limitMib}: the Dockerfile's
   * own {@code JAVA_TOOL_OPTIONS}, {@code -XX:MaxRAM} standing for the limit (a container's JVM takes
   * it as the machine's memory) and the serial collector the JVM picks below 1,792 MB
   * ({@code --image-jvm 640}; deploy/README "Memory").
   */
  static String imageJvmOptions(Path root, int limitMib) throws java.io.IOException {
    String dockerfile = Files.readString(root.resolve("deploy/docker/Dockerfile"));
    java.util.regex.Matcher flags = java.util.regex.Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"").matcher(dockerfile);
    if (!flags.find()) {
      throw new IllegalStateException("deploy/docker/Dockerfile sets no JAVA_TOOL_OPTIONS");
    }
    return "-XX:MaxRAM=" + limitMib + "m " + flags.group(1) + " -XX:+UseSerialGC";
  }

  private static Map<String, Integer> options(String[] args) {
    Map<String, Integer> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
    }
    return options;
  }

  private void sampleRss() {
    stack.processIds().forEach((name, pid) -> {
      if (!name.contains("-service")) {
        return;
      }
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
          if (line.startsWith("VmRSS:")) {
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            maxRssKb.merge(name, kb, Math::max);
          }
        }
      } catch (Exception ignored) {
        // the process ended or /proc is not there: no sample
      }
    });
  }

  // --- setup ---------------------------------------------------------------------------------------

  private void enableProviders() {
    String admin = tokens.subject("load-admin").authority("SYS_ADMIN").mint();
    ApiClient policy = new ApiClient(stack.serviceUrl(ServiceKind.POLICY));
    long version = policy.get("/api/v1/settings/system", admin).body().get("version").asLong();
    // A TOTP user signs in once per (d) round: the default check limit (3 per 15 minutes) counts
    // wrong codes only, so the rounds need no room of their own.
    ApiClient.Response put = policy.put("/api/v1/settings/system", admin, Map.of("version", version,
        "minVerificationCodeSendPeriod", SEND_PERIOD_SECONDS,
        "providers", List.of(Map.of("providerType", "SMS", "verificationCodeLifetime", 600),
            Map.of("providerType", "TOTP", "issuerName", "Twofold load"))));
    if (put.status() != 200) {
      throw new IllegalStateException("could not enable SMS and TOTP: " + put.body());
    }
  }

  private static String phone(int user) {
    return "+38050" + String.format("%07d", 1_000_000 + user);
  }

  private static String userId(int user) {
    return "load-user-" + user;
  }

  private Result enroll(int users) throws Exception {
    ApiClient enrollment = new ApiClient(stack.serviceUrl(ServiceKind.ENROLLMENT));
    return closedLoop("enrollment (create SMS factor, receive code, confirm)", users, user -> () -> {
      String token = tokens.subject(userId(user)).tenant(TENANT).authority("CUSTOMER_USER").customer("c").mint();
      String factorId = enrollment.post("/api/v1/me/factors", token, Map.of("type", "SMS", "phoneNumber", phone(user)))
          .body().get("factor").get("id").asString();
      String code = awaitCode(phone(user), 0);
      return enrollment.post("/api/v1/me/factors/" + factorId + "/confirmation", token, Map.of("code", code))
          .body().get("state").asString().equals("ACTIVE");
    });
  }

  private String awaitCode(String phone, long after) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      FakeProvider.Received received = provider.newest(phone);
      if (received != null && received.nanos() > after && received.code() != null) {
        return received.code();
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no code reached " + phone);
  }

  /**
   * Challenge-service scaling over Kafka where the cores do not blur it (issue 16): its instances ask
   * enrollment for the user's factors through a proxy that answers a second late, and each consumes
   * with 3 threads, half the request topic's 6 partitions, so one instance is bounded by its 3
   * requests in flight (under 3 a second) far below the CPU ceiling, and a second instance, sharing
   * the partitions, brings 3 more. (With 200 ms, one instance made 8.8 /s and two 15.8 /s, 1.79×: at
   * about 80 ms of CPU per sign-in on this box, two instances were already near the shared cores.) The first instance (6 threads, direct to enrollment) is stopped for
   * this and not started again: it runs last. Users whose last code is minutes old, so the send
   * period lets each have a code again, as many for each partition: a partition's records are
   * consumed one after another, so with keys as they fall (150 users: 20 to 39 a partition) the
   * busiest partition, not the instances, would set the pace of the two-instance run.
   */
  private List<Result> challengeScaling(int perPartition) throws Exception {
    try (DelayingProxy slowEnrollment = new DelayingProxy(stack.serviceUrl(ServiceKind.ENROLLMENT),
        SLOW_ENROLLMENT_MILLIS)) {
      Map<String, String> bounded = Map.of("TWOFOLD_ENROLLMENT_URL", slowEnrollment.url(),
          "TWOFOLD_CHALLENGE_LISTENER_CONCURRENCY", Integer.toString(BOUNDED_CHALLENGE_THREADS));
      stack.stop(ServiceKind.CHALLENGE);
      startAnotherInstance(ServiceKind.CHALLENGE, bounded);
      Thread.sleep(10_000); // the consumer group settles on the new instance
      challengesEndToEnd("warm-up of the bounded challenge instance (not reported)", 0, 30, 0);
      int[] first = balanced(30, perPartition);
      Result one = challengesEndToEnd("(a) challenges, 1 instance, 1 s enrollment (bounded)", first, 0);
      startAnotherInstance(ServiceKind.CHALLENGE, bounded);
      Thread.sleep(10_000);
      int next = first[first.length - 1] + 1;
      challengesEndToEnd("warm-up of the second bounded instance (not reported)", next, next + 30, 0);
      Result two = challengesEndToEnd("(a) challenges, 2 instances, 1 s enrollment (bounded)",
          balanced(next + 30, perPartition), 0);
      return List.of(one, two);
    }
  }

  /**
   * Users from {@code from} on, taken in order, {@code perPartition} of them for each partition of the
   * request topic (by the producer's own partitioner: murmur2 of the key).
   */
  private int[] balanced(int from, int perPartition) {
    int partitions = Topics.CHALLENGE_REQUESTS.partitions();
    int[] taken = new int[partitions];
    List<Integer> users = new ArrayList<>();
    for (int user = from; users.size() < partitions * perPartition; user++) {
      if (user >= enrolledUsers) {
        throw new IllegalStateException("too few users for " + perPartition + " per partition: run with more --users");
      }
      int partition = partitionOf(userId(user), partitions);
      if (taken[partition] < perPartition) {
        taken[partition]++;
        users.add(user);
      }
    }
    return users.stream().mapToInt(Integer::intValue).toArray();
  }

  // --- (a) ------------------------------------------------------------------------------------------

  private Map<String, Object> producerSettings() {
    Map<String, Object> settings = new HashMap<>(AvroSerde.producerSettings(stack.registryUrl() + "/apis/registry/v3"));
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return settings;
  }

  private static ChallengeRequest challengeRequest(int user, String challengeId) {
    return ChallengeRequest.newBuilder()
        .setMetadata(metadata())
        .setChallengeId(challengeId)
        .setUserId(userId(user))
        .setCustomerId("c")
        .setAuthority(Authority.CUSTOMER_USER)
        .setLocale("en")
        .build();
  }

  private static EventMetadata metadata() {
    return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
        .setTenantId(TENANT).setProducer(LOGIN_CLIENT).build();
  }

  /**
   * Sign-ins and their verifications, every user once per round, until {@code signIns} have run; none
   * is reported. The services then answer as an installation that has been running does, their
   * paths compiled: in a run that starts measuring at once, the compiler is a large part of what is
   * measured (2026-12-02, JFR of challenge-service: 1,400 compilations and 20 s of compiler time
   * during the 400 verifications of (b), none during the constant endpoint's run; measured warm, the
   * second half of those verifications cost half of the first half's CPU).
   */
  private void warmUp(int users, int signIns) throws Exception {
    int rounds = (signIns + users - 1) / users;
    for (int round = 1; round <= rounds; round++) {
      String name = "warm-up " + round + "/" + rounds + ", not reported: ";
      Result signedIn = challengesEndToEnd(name + "every user signs in", 0, users, 0);
      long codesSent = System.nanoTime();
      Result verified = verifications(name + "and verifies", users);
      System.out.println("  " + signedIn.line());
      System.out.println("  " + verified.line());
      // The next code of a user is held back within the send period after the last one.
      parkUntil(codesSent + TimeUnit.SECONDS.toNanos(SEND_PERIOD_SECONDS + 1));
    }
  }

  /** Users [from, to) each get one challenge; ratePerSecond 0 produces them as fast as possible. */
  private Result challengesEndToEnd(String name, int from, int to, int ratePerSecond) throws Exception {
    return challengesEndToEnd(name, java.util.stream.IntStream.range(from, to).toArray(), ratePerSecond);
  }

  /** These users each get one challenge; ratePerSecond 0 produces them as fast as possible. */
  private Result challengesEndToEnd(String name, int[] users, int ratePerSecond) throws Exception {
    long[] produced = new long[users.length];
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerSettings())) {
      producer.send(new ProducerRecord<>("twofold.challenge-requests", "warm-up", challengeRequest(-1, "warm-" + run))).get();
      long start = System.nanoTime();
      for (int i = 0; i < users.length; i++) {
        if (ratePerSecond > 0) {
          parkUntil(start + (long) (i * (1e9 / ratePerSecond)));
        }
        produced[i] = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.CHALLENGE_REQUESTS.name(), userId(users[i]),
            challengeRequest(users[i], "load-" + run + "-" + users[i])));
      }
      producer.flush();
    }
    long[] latency = new long[produced.length];
    long last = 0;
    for (int i = 0; i < users.length; i++) {
      awaitCode(phone(users[i]), produced[i]);
      long received = provider.newest(phone(users[i])).nanos();
      latency[i] = received - produced[i];
      last = Math.max(last, received);
    }
    challengeIds.put(users[0], run);
    return new Result(name, produced.length, (last - produced[0]) / 1e9, latency);
  }

  private Result rawKafka(String name, int records) throws Exception {
    String topic = "bench.raw-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
    }
    Map<String, Object> consumerSettings = new HashMap<>(AvroSerde.consumerSettings(stack.registryUrl() + "/apis/registry/v3"));
    consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
    consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    long[] produced = new long[records];
    long[] latency = new long[records];
    AtomicLong consumed = new AtomicLong();
    AtomicLong last = new AtomicLong();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerSettings);
         KafkaProducer<String, Object> producer = new KafkaProducer<>(producerSettings())) {
      consumer.subscribe(List.of(topic));
      while (consumer.assignment().size() < 6) {
        consumer.poll(Duration.ofMillis(100));
      }
      producer.send(new ProducerRecord<>(topic, "-1", challengeRequest(0, "warm"))).get();
      Thread producing = new Thread(() -> {
        for (int i = 0; i < records; i++) {
          produced[i] = System.nanoTime();
          producer.send(new ProducerRecord<>(topic, Integer.toString(i), challengeRequest(i, "raw-" + i)));
        }
        producer.flush();
      });
      producing.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (consumed.get() < records && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
          int i = Integer.parseInt(record.key());
          if (i >= 0) {
            long now = System.nanoTime();
            latency[i] = now - produced[i];
            last.set(now);
            consumed.incrementAndGet();
          }
        }
      }
      producing.join();
    }
    return new Result(name, consumed.get(), (last.get() - produced[0]) / 1e9, latency);
  }

  // --- (b) ------------------------------------------------------------------------------------------

  /** Verifies every user's newest challenge with the code the provider received. */
  private Result verifications(String name, int users) throws Exception {
    String login = loginToken();
    AtomicLong refused = new AtomicLong();
    Result result = closedLoop(name, users, user -> () -> {
      String run = challengeIds.floorEntry(user).getValue();
      String code = provider.newest(phone(user)).code();
      HttpResponse<String> response = post(challengeUrl + "/api/v1/challenges/load-" + run + "-" + user + "/verifications",
          login, "{\"code\": \"" + code + "\"}");
      boolean verified = response.body().contains("\"VERIFIED\"");
      if (!verified) {
        refused.incrementAndGet();
      }
      return verified;
    });
    if (refused.get() > 0) {
      System.out.printf("  %d verifications were not VERIFIED%n", refused.get());
    }
    return result;
  }

  /**
   * The login service that asked for the challenges over Kafka (their producer): a challenge
   * belongs to its login client, and any other gets 404 for it.
   */
  private String loginToken() {
    return tokens.subject(LOGIN_CLIENT).scope(Tokens.LOGIN).mint();
  }

  private Result constantEndpoint(String name, int requests) throws Exception {
    return closedLoop(name, requests, i -> () -> http.send(HttpRequest.newBuilder(
        URI.create(challengeUrl + "/actuator/health/liveness")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }

  // --- (c) ------------------------------------------------------------------------------------------

  private Result deliveries(String name, int count) throws Exception {
    CodeSealer sealer = new CodeSealer(KeyRing.fromBase64(
        Map.of("local", stack.secrets().get(LocalSecrets.CODE_KEY)), "local", new SecureRandom()));
    long[] produced = new long[count];
    int firstPhone = 5_000_000 + deliveriesSent;
    deliveriesSent += count;
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerSettings())) {
      List<CodeRequest> requests = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String requestId = UUID.randomUUID().toString();
        requests.add(CodeRequest.newBuilder()
            .setMetadata(metadata())
            .setRequestId(requestId)
            .setUserId(keyOnPartition("load-delivery-" + (firstPhone + i), i % Topics.CODE_REQUESTS.partitions()))
            .setChallengeId("load-delivery-" + requestId)
            .setPurpose(CodePurpose.LOGIN)
            .setChannel(Channel.SMS)
            .setDestination(phone(firstPhone + i))
            .setEncryptedCode(sealer.seal(String.format("%06d", i % 1_000_000), requestId))
            .setLocale("en")
            .setExpiresAt(Instant.now().plus(Duration.ofMinutes(10)))
            .build());
      }
      for (int i = 0; i < count; i++) {
        produced[i] = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.CODE_REQUESTS.name(), requests.get(i).getUserId(), requests.get(i)));
      }
      producer.flush();
    }
    long[] latency = new long[count];
    long last = 0;
    // A send ends when the provider answers it, not when it arrives: timed at arrival, the last round
    // of sends in flight went uncounted, which favoured the run with fewer rounds (two instances
    // against a 4-s provider read 2.16× one, above the 2.0 their 128 sends in flight allow).
    long answer = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(provider.delayMillis());
    for (int i = 0; i < count; i++) {
      awaitCode(phone(firstPhone + i), produced[i]);
      long answered = provider.newest(phone(firstPhone + i)).nanos() + answer;
      latency[i] = answered - produced[i];
      last = Math.max(last, answered);
    }
    return new Result(name, count, (last - produced[0]) / 1e9, latency);
  }

  /**
   * {@code base}, or {@code base} with a suffix, as a key the producer's partitioner (murmur2) puts on
   * {@code partition}: the deliveries go to the partitions in turn, so two instances, three
   * partitions each, get half of them each (keys as they came fell up to 10 % unevenly, which the
   * capacity-bound scaling read as a slower second instance).
   */
  private static String keyOnPartition(String base, int partition) {
    int partitions = Topics.CODE_REQUESTS.partitions();
    for (int suffix = 0; ; suffix++) {
      String key = suffix == 0 ? base : base + "-" + suffix;
      if (partitionOf(key, partitions) == partition) {
        return key;
      }
    }
  }

  /** The partition the producer puts a record with this (string) key on, of {@code partitions}. */
  private static int partitionOf(String key, int partitions) {
    return org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
        key.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions);
  }

  // --- (d) ------------------------------------------------------------------------------------------

  /** One round of (d): Twofold's sign-ins, and the peer's logins when it runs (else null). */
  private record TotpRound(Result twofold, Result keycloak) {}

  /**
   * Rounds of one TOTP sign-in per user, Twofold's then (with the peer) Keycloak's; a side's round
   * starts in a later 30-s step than its last round ended, since both refuse a code used before.
   */
  private List<TotpRound> totpSignIns(int users, int rounds, boolean withPeer) throws Exception {
    List<TotpRound> results = new ArrayList<>();
    if (rounds <= 0) {
      return results;
    }
    byte[][] keys = enrollTotp(users);
    long twofoldStep = step();
    if (withPeer) {
      System.out.printf("Starting Keycloak (the peer) with %d users ...%n", users);
      Path work = Files.createDirectories(dataDir.resolve("peer"));
      peer = KeycloakPeer.start(root.resolve("bench/target/peer/keycloak.tar.gz"), work, users, FreePorts.next(),
          FreePorts.next(), http);
    }
    long peerStep = step();
    String login = loginToken();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int round = 1; round <= rounds; round++) {
      int r = round;
      twofoldStep = awaitStepAfter(twofoldStep);
      Result twofold = metered(() -> closedLoop("(d) TOTP sign-in over HTTP, round " + r, users,
          user -> () -> totpSignIn(login, user, keys[user], "totp-" + run + "-" + r + "-" + user)));
      twofoldStep = step();
      System.out.println("  " + twofold.line());
      String refusal = firstRefusal.getAndSet(null);
      if (refusal != null) {
        System.out.println("  first refusal: " + refusal);
      }
      Result keycloak = null;
      if (peer != null) {
        peerStep = awaitStepAfter(peerStep);
        keycloak = metered(() -> closedLoop("peer: Keycloak OTP login, round " + r, users,
            user -> () -> peer.login(user, Instant.now())));
        peerStep = step();
        System.out.println("  " + keycloak.line());
      }
      results.add(new TotpRound(twofold, keycloak));
    }
    return results;
  }

  private byte[][] enrollTotp(int users) throws Exception {
    ApiClient enrollment = new ApiClient(stack.serviceUrl(ServiceKind.ENROLLMENT));
    byte[][] keys = new byte[users][];
    Result enrolled = closedLoop("enrollment of TOTP users (create, confirm with the app's code)", users, user -> () -> {
      String token = tokens.subject(totpUserId(user)).tenant(TENANT).authority("CUSTOMER_USER").customer("c").mint();
      ApiClient.Response created = enrollment.post("/api/v1/me/factors", token, Map.of("type", "TOTP"));
      keys[user] = new Base32().decode(created.body().get("secret").asString());
      String code = Rfc6238.code(keys[user], Instant.now().getEpochSecond(), 6);
      return enrollment.post("/api/v1/me/factors/" + created.body().get("factor").get("id").asString() + "/confirmation",
          token, Map.of("code", code)).body().get("state").asString().equals("ACTIVE");
    });
    System.out.println("  " + enrolled.line());
    return keys;
  }

  private boolean totpSignIn(String login, int user, byte[] key, String challengeId) throws Exception {
    HttpResponse<String> started = post(challengeUrl + "/api/v1/challenges", login, """
        {"challengeId": "%s", "userId": "%s", "tenantId": "%s", "customerId": "c", "authority": "CUSTOMER_USER",
         "requestedProvider": "TOTP"}""".formatted(challengeId, totpUserId(user), TENANT));
    if (started.statusCode() != 201) {
      return failed(started);
    }
    String code = Rfc6238.code(key, Instant.now().getEpochSecond(), 6);
    HttpResponse<String> verified = post(challengeUrl + "/api/v1/challenges/" + challengeId + "/verifications", login,
        "{\"provider\": \"TOTP\", \"code\": \"" + code + "\"}");
    return verified.body().contains("\"VERIFIED\"") || failed(verified);
  }

  /** Notes the first refusal of a (d) round, printed after it; false. */
  private boolean failed(HttpResponse<String> response) {
    firstRefusal.compareAndSet(null, response.statusCode() + " " + response.body());
    return false;
  }

  private static String totpUserId(int user) {
    return "load-totp-user-" + user;
  }

  private static long step() {
    return Instant.now().getEpochSecond() / 30;
  }

  /**
   * Parked, not spinning, until {@code System.nanoTime()} reaches {@code due}: a spinning generator
   * takes a core from the stack it measures.
   */
  private static void parkUntil(long due) {
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private static long awaitStepAfter(long step) throws InterruptedException {
    while (step() <= step) {
      Thread.sleep(100);
    }
    return step();
  }

  // --- helpers --------------------------------------------------------------------------------------

  private interface Operation {
    boolean run() throws Exception;
  }

  /** {@code concurrency} callers, each starting its next operation when the last one answered. */
  private Result closedLoop(String name, int operations, IntFunction<Operation> operation) throws Exception {
    long[] latency = new long[operations];
    AtomicLong next = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      running.add(callers.submit(() -> {
        for (int i = (int) next.getAndIncrement(); i < operations; i = (int) next.getAndIncrement()) {
          long began = System.nanoTime();
          boolean ok;
          try {
            ok = operation.apply(i).run();
          } catch (Exception e) {
            ok = false;
          }
          latency[i] = System.nanoTime() - began;
          if (!ok) {
            failed.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> caller : running) {
      caller.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    callers.shutdown();
    if (failed.get() > 0) {
      System.out.printf("  %s: %d of %d operations failed%n", name, failed.get(), operations);
    }
    return new Result(name, operations - failed.get(), seconds, latency);
  }

  private HttpResponse<String> post(String url, String token, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
