package io.twofold.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.twofold.localstack.DeadLetterCommand;
import io.twofold.localstack.LocalStack;
import io.twofold.localstack.ServiceKind;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.FormBody;
import io.twofold.testsupport.Rfc6238;
import io.twofold.testsupport.SilentServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DESIGN §6's promise, tried on the whole stack with real faults: the Mongo wire server frozen, the
 * broker stopped, services killed with {@code kill -9}, providers failing every way they fail, the
 * broker away while people sign in. In each scenario a login service keeps signing users in over
 * Kafka (SMS and email users, so code requests are in flight too); afterwards every accepted
 * request must have ended (a ChallengeEvent; a final DeliveryEvent for every CodeRequest), nothing
 * may have gone to a dead-letter topic, and duplicates are counted. Each scenario adds a row to the
 * table printed at the end and written to {@code target/faults-report.txt}.
 *
 * <p>The stack runs with short timeouts so that the faults play out within minutes: delivery's
 * provider timeout 2 s, lease 10 s, backoff cap 5 s; consumers' session timeout 10 s
 * ({@link EndToEndStack}).
 */
@ExtendWith(EndToEndStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  private static final String TENANT = "faults-" + UUID.randomUUID();
  private static final long SIGN_IN_EVERY_MILLIS = 300;
  private static final Duration SETTLE = Duration.ofMinutes(3);
  private static final FaultReport REPORT = new FaultReport();

  private static Journeys journeys;
  private static LocalStack stack;
  private static WireMockServer providers;
  private static EventLog events;
  private static KafkaSignIns signIns;
  private static ScheduledExecutorService ticker;

  /** Users with a phone or an email address (each sign-in sends a code), and their destinations. */
  private static final List<String> codeUsers = new CopyOnWriteArrayList<>();
  private static final Set<String> destinations = ConcurrentHashMap.newKeySet();
  private static final List<TotpUser> totpUsers = new CopyOnWriteArrayList<>();

  record TotpUser(String id, byte[] key, AtomicLong lastStep) {}

  @BeforeAll
  static void aTenantWithUsersOfEveryKind() throws Exception {
    EndToEndStack.Running running = EndToEndStack.get();
    stack = running.stack();
    providers = running.providers();
    journeys = Journeys.of(running);
    allowACodeEveryFiveSeconds();
    var own = journeys.policy.put("/api/v1/settings/tenants/" + TENANT, journeys.tenantAdmin(TENANT), Map.of(
        "version", 0, "useSystemSettings", false,
        "providers", List.of(
            Map.of("providerType", "TOTP", "issuerName", "Faults"),
            Map.of("providerType", "EMAIL", "verificationCodeLifetime", 120),
            Map.of("providerType", "SMS", "verificationCodeLifetime", 120,
                "smsVerificationMessageTemplate", "Faults code: ${code}")),
        "minVerificationCodeSendPeriod", 5));
    assertThat(own.status()).as(String.valueOf(own.body())).isEqualTo(200);

    ExecutorService enrolling = Executors.newFixedThreadPool(6);
    List<Future<?>> enrolled = new ArrayList<>();
    long phoneBase = 1_000_000 + (long) (Math.random() * 8_000_000);
    for (int i = 0; i < 16; i++) {
      String phone = "+38050" + (phoneBase + i);
      enrolled.add(enrolling.submit(() -> enrollByCode("SMS", phone)));
    }
    for (int i = 0; i < 8; i++) {
      enrolled.add(enrolling.submit(() -> enrollByCode("EMAIL", "f-" + UUID.randomUUID() + "@example.com")));
    }
    for (int i = 0; i < 10; i++) {
      enrolled.add(enrolling.submit(() -> {
        String user = "totp-" + UUID.randomUUID();
        byte[] key = journeys.enrollTotp(journeys.user(user, TENANT, null));
        totpUsers.add(new TotpUser(user, key, new AtomicLong(Instant.now().getEpochSecond() / 30)));
        return null;
      }));
    }
    for (Future<?> done : enrolled) {
      done.get(3, TimeUnit.MINUTES);
    }
    enrolling.shutdown();

    String registry = stack.registryUrl() + "/apis/registry/v3";
    events = new EventLog(stack.kafkaBootstrap(), registry);
    signIns = new KafkaSignIns(stack.kafkaBootstrap(), registry);
    ticker = Executors.newSingleThreadScheduledExecutor();
  }

  /** The system's send period down to its floor, 5 s, so a few users can sign in often; the rest stays. */
  private static void allowACodeEveryFiveSeconds() {
    JsonNode system = journeys.policy.get("/api/v1/settings/system", journeys.admin).body();
    ((ObjectNode) system).put("minVerificationCodeSendPeriod", 5);
    var changed = journeys.policy.put("/api/v1/settings/system", journeys.admin, system);
    assertThat(changed.status()).as(String.valueOf(changed.body())).isEqualTo(200);
  }

  private static Void enrollByCode(String type, String destination) {
    String user = type.toLowerCase() + "-" + UUID.randomUUID();
    journeys.enrollByCode(journeys.user(user, TENANT, null), type, destination);
    destinations.add(destination);
    codeUsers.add(user);
    return null;
  }

  @AfterAll
  static void printTheTable() {
    System.out.println("\nFaults (" + FaultsIT.class.getSimpleName() + "):\n" + REPORT.table());
    REPORT.write(Path.of("target", "faults-report.txt"));
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (signIns != null) {
      signIns.close();
    }
    if (events != null) {
      events.close();
    }
  }

  @Test
  @Order(1)
  void theDatabaseFrozenForTenSeconds() throws Exception {
    Run run = during("1 Mongo frozen 10 s (SIGSTOP)", () -> {
      stack.pauseMongo();
      try {
        Thread.sleep(10_000);
      } finally {
        stack.resumeMongo();
      }
    });

    FaultReport.Row row = run.report("");
    assertNothingLost(row);
    assertThat(row.providerDuplicates()).isZero();
  }

  @Test
  @Order(2)
  void theBrokerStoppedAndRestarted() throws Exception {
    Run run = during("2 broker stopped 10 s, restarted", () -> {
      stack.stopKafka();
      Thread.sleep(10_000);
      stack.startKafka();
    });

    FaultReport.Row row = run.report("");
    assertNothingLost(row);
    assertThat(row.providerDuplicates()).isZero();
  }

  @Test
  @Order(3)
  void challengeAndDeliveryKilledAndRestarted() throws Exception {
    Run run = during("3 challenge+delivery kill -9", () -> {
      stack.kill(ServiceKind.CHALLENGE);
      stack.kill(ServiceKind.DELIVERY);
      Thread.sleep(2_000);
      CompletableFuture<Void> challenge = CompletableFuture.runAsync(() -> stack.restart(ServiceKind.CHALLENGE));
      CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> stack.restart(ServiceKind.DELIVERY));
      CompletableFuture.allOf(challenge, delivery).join();
    });

    // A send the provider accepted just before the kill, but not yet recorded, goes out again once
    // its lease ends: the one duplicate window (delivery README). Counted, not forbidden.
    FaultReport.Row row = run.report("provider duplicates: crash between accept and record");
    assertNothingLost(row);
  }

  @Test
  @Order(4)
  void providersFailingEveryWayTheyFail() throws Exception {
    List<StubMapping> storm = new ArrayList<>();
    int smtpInstancePort = freePort();
    AtomicBoolean smtpInstanceStarted = new AtomicBoolean();
    try (SilentServer silent = new SilentServer()) { // a mail server that never sends its greeting
      Run run = during("4 provider storms, silent SMTP", () -> {
        storm.addAll(twilioStorm());
        storm.addAll(sendGridStorm());
        // A second delivery instance sends email by SMTP to a server that accepts and never answers.
        stack.startAnotherInstance(ServiceKind.DELIVERY, smtpInstancePort, Map.of(
            "SENDGRID_API_KEY", "", "SPRING_MAIL_HOST", "127.0.0.1",
            "SPRING_MAIL_PORT", Integer.toString(silent.port())));
        smtpInstanceStarted.set(true);
        Thread.sleep(15_000);
        storm.forEach(providers::removeStub);
        storm.clear();
        // Its jobs (leased, or waiting for a retry) pass to the first instance, which sends them by SendGrid.
        stack.stopAnotherInstance(smtpInstancePort);
        smtpInstanceStarted.set(false);
      });
      List<DeliveryEvent> outcomes = run.deliveryEvents();

      FaultReport.Row row = run.report("provider duplicates: timed-out sends the provider took");
      assertNothingLost(row);
      assertThat(row.notSent()).as("429, 5xx, timeouts and silent servers are retried, never final").isZero();
      assertThat(outcomes).as("the storm happened: each kind of failure was met and retried")
          .anySatisfy(e -> assertRetried(e, "twilio", "HTTP_5XX"))
          .anySatisfy(e -> assertRetried(e, "twilio", "HTTP_429"))
          .anySatisfy(e -> assertRetried(e, "twilio", "TIMEOUT"))
          .anySatisfy(e -> assertRetried(e, "sendgrid", "HTTP_5XX"))
          .anySatisfy(e -> assertRetried(e, "sendgrid", "HTTP_429"))
          .anySatisfy(e -> assertRetried(e, "sendgrid", "TIMEOUT"))
          .anySatisfy(e -> assertRetried(e, "smtp", "SMTP_CONNECTION"));
      assertThat(outcomes).filteredOn(e -> "HTTP_429".equals(e.getErrorClass()) && "twilio".equals(e.getProvider()))
          .as("Twilio's Retry-After: 2 is honoured")
          .allSatisfy(e -> assertThat(Duration.between(e.getMetadata().getOccurredAt(), e.getNextAttemptAt()))
              .isGreaterThanOrEqualTo(Duration.ofMillis(1_900)));
    } finally {
      storm.forEach(providers::removeStub);
      if (smtpInstanceStarted.get()) {
        stack.stopAnotherInstance(smtpInstancePort);
      }
    }
  }

  @Test
  @Order(5)
  void theBrokerAwayForThirtySecondsWhilePeopleSignInWithTheirApps() throws Exception {
    List<String> verifiedOverHttp = new CopyOnWriteArrayList<>();
    Map<String, String> enrolledMeanwhile = new LinkedHashMap<>(); // email → factor id
    Map<String, String> enrolledTokens = new HashMap<>();
    AtomicLong slowest = new AtomicLong();
    Run run = during("5 broker down 30 s, TOTP over HTTP", () -> {
      stack.stopKafka();
      Instant back = Instant.now().plusSeconds(30);
      int round = 0;
      while (Instant.now().isBefore(back)) {
        signInWithAnApp(verifiedOverHttp, slowest);
        if (round++ % 6 == 0) {
          String user = "late-" + UUID.randomUUID();
          String email = user + "@example.com";
          String token = journeys.user(user, TENANT, null);
          long began = System.nanoTime();
          var added = journeys.enrollment.post("/api/v1/me/factors", token, Map.of("type", "EMAIL", "email", email));
          var listed = journeys.enrollment.get("/api/v1/me/factors", token);
          slowest.accumulateAndGet((System.nanoTime() - began) / 2_000_000, Math::max);
          assertThat(added.status()).as(String.valueOf(added.body())).isEqualTo(201);
          assertThat(listed.status()).isEqualTo(200);
          enrolledMeanwhile.put(email, added.body().get("factor").get("id").asString());
          enrolledTokens.put(email, token);
        }
        Thread.sleep(1_000);
      }
      stack.startKafka();
    });

    // What happened while the broker was away reaches the topics after: each VERIFIED, and the
    // enrollment codes, which the users then confirm.
    awaitQuietly(() -> verifiedOverHttp.stream().allMatch(challenge -> events.challengeEvents(challenge).stream()
        .anyMatch(e -> e.getState() == ChallengeState.VERIFIED)));
    int published = (int) verifiedOverHttp.stream().filter(challenge -> events.challengeEvents(challenge).stream()
        .anyMatch(e -> e.getState() == ChallengeState.VERIFIED)).count();
    enrolledMeanwhile.forEach((email, factor) -> {
      String code = journeys.emailCodeSentTo(email, null);
      var confirmed = journeys.enrollment.post("/api/v1/me/factors/" + factor + "/confirmation",
          enrolledTokens.get(email), Map.of("code", code));
      assertThat(confirmed.body().get("state").asString()).isEqualTo("ACTIVE");
    });

    FaultReport.Row row = run.report(verifiedOverHttp.size() + " HTTP TOTP sign-ins VERIFIED, " + published
        + " VERIFIED events published after; " + enrolledMeanwhile.size() + " enrollments; slowest call "
        + slowest.get() + " ms");
    assertNothingLost(row);
    assertThat(verifiedOverHttp).hasSizeGreaterThanOrEqualTo(10);
    assertThat(published).as("VERIFIED events of HTTP sign-ins published once the broker is back")
        .isEqualTo(verifiedOverHttp.size());
    assertThat(slowest.get()).as("slowest enrollment or challenge call, ms").isLessThan(2_000);
  }

  /** One sign-in as a login page does it: start a challenge over HTTP, answer it with the app's code. */
  private static void signInWithAnApp(List<String> verified, AtomicLong slowest) {
    long now = Instant.now().getEpochSecond() / 30;
    TotpUser user = totpUsers.stream().filter(u -> u.lastStep().get() < now + 1)
        .min((a, b) -> Long.compare(a.lastStep().get(), b.lastStep().get())).orElse(null);
    if (user == null) {
      return;
    }
    long step = Math.max(user.lastStep().get() + 1, now);
    user.lastStep().set(step);
    String challenge = "http-" + UUID.randomUUID();
    long began = System.nanoTime();
    var issued = journeys.startChallenge(challenge, user.id(), TENANT, null);
    long started = System.nanoTime();
    String result = journeys.verify(challenge, null, Rfc6238.code(user.key(), step * 30, 6));
    long answered = System.nanoTime();
    slowest.accumulateAndGet(Math.max(started - began, answered - started) / 1_000_000, Math::max);
    assertThat(issued.get("defaultProvider").asString()).isEqualTo("TOTP");
    assertThat(result).as("TOTP sign-in of " + user.id() + " at step " + step).isEqualTo("VERIFIED");
    verified.add(challenge);
  }

  private static void assertRetried(DeliveryEvent event, String provider, String errorClass) {
    assertThat(event.getStatus()).isEqualTo(DeliveryStatus.RETRYING);
    assertThat(event.getProvider()).isEqualTo(provider);
    assertThat(event.getErrorClass()).isEqualTo(errorClass);
  }

  private static void assertNothingLost(FaultReport.Row row) {
    assertThat(row.accepted()).as("sign-ins the broker accepted").isPositive();
    assertThat(row.codeRequests()).as("codes were in flight").isPositive();
    assertThat(row.lost()).as("accepted requests without an outcome (" + row + ")").isZero();
    assertThat(row.duplicateOutcomes()).as("code requests with two final outcomes").isZero();
    assertThat(row.deadLettered()).as("records dead-lettered by a fault").isZero();
  }

  // ---------------------------------------------------------------- provider storms

  private static final String TWILIO_OK = "{\"sid\":\"SM00000000000000000000000000000e2e\",\"status\":\"accepted\"}";

  /** Twilio failing as gateways and Twilio fail: HTML 503, JSON 429 with Retry-After, JSON 502 without status, slow. */
  private static List<StubMapping> twilioStorm() {
    return cycle("twilio storm", EndToEndStack.TWILIO_PATH, List.of(
        aResponse().withStatus(503).withHeader("Content-Type", "text/html")
            .withBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"),
        aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "2")
            .withBody("{\"code\":20429,\"message\":\"Too Many Requests\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}"),
        aResponse().withStatus(502).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"upstream unavailable\"}"),
        aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(TWILIO_OK)
            .withFixedDelay(3_000)));
  }

  /** SendGrid failing: a proxy's text 500, 429 with an HTTP-date Retry-After, slow. */
  private static List<StubMapping> sendGridStorm() {
    String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
    return cycle("sendgrid storm", EndToEndStack.SENDGRID_PATH, List.of(
        aResponse().withStatus(500).withHeader("Content-Type", "text/plain")
            .withBody("upstream connect error or disconnect/reset before headers"),
        aResponse().withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", inThreeSeconds)
            .withBody("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}"),
        aResponse().withStatus(202).withHeader("X-Message-Id", "sg-slow").withFixedDelay(3_000)));
  }

  /** Answers in turn, one per request, round and round, before the normal stub (priority 1). */
  private static List<StubMapping> cycle(String scenario, String path, List<ResponseDefinitionBuilder> answers) {
    List<StubMapping> stubs = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      String state = i == 0 ? STARTED : scenario + " " + i;
      String next = i + 1 == answers.size() ? STARTED : scenario + " " + (i + 1);
      stubs.add(providers.stubFor(post(urlEqualTo(path)).atPriority(1).inScenario(scenario)
          .whenScenarioStateIs(state).willSetStateTo(next).willReturn(answers.get(i))));
    }
    return stubs;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  // ---------------------------------------------------------------- running a scenario

  @FunctionalInterface
  interface Fault {
    void inject() throws Exception;
  }

  /** Signs users in over Kafka from 3 s before the fault to 3 s after it, then waits for the outcomes. */
  private static Run during(String name, Fault fault) throws Exception {
    Run run = new Run(name, deadLettersWaiting());
    ScheduledFuture<?> traffic = ticker.scheduleAtFixedRate(run::signIn, 0, SIGN_IN_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    try {
      Thread.sleep(3_000);
      fault.inject();
      Thread.sleep(3_000);
    } finally {
      traffic.cancel(false);
    }
    signIns.flush();
    awaitQuietly(() -> run.open().isEmpty());
    awaitHealthy();
    return run;
  }

  private static void awaitQuietly(java.util.concurrent.Callable<Boolean> settled) {
    try {
      Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(settled);
    } catch (ConditionTimeoutException stillOpen) {
      // the row says what stayed open, and the assertions fail on it
    }
  }

  /** Every service answers UP again before the next scenario. */
  private static void awaitHealthy() {
    for (ServiceKind service : ServiceKind.values()) {
      ApiClient client = new ApiClient(stack.serviceUrl(service));
      Awaitility.await().atMost(Duration.ofMinutes(2)).until(() ->
          client.get("/actuator/health/readiness", null).status() == 200);
    }
  }

  private static int deadLettersWaiting() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    return new DeadLetterCommand(stack.kafkaBootstrap(), quiet).list().values().stream().mapToInt(List::size).sum();
  }

  /** One scenario's sign-ins, and what became of them. */
  private static final class Run {
    private final String name;
    private final int deadLettersBefore;
    private final Instant began = Instant.now();
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Sign-ins the producer gave up on (the login service saw an error and may try again), by cause. */
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();

    Run(String name, int deadLettersBefore) {
      this.name = name;
      this.deadLettersBefore = deadLettersBefore;
    }

    void signIn() {
      try {
        String user = codeUsers.get(Math.floorMod(next.getAndIncrement(), codeUsers.size()));
        String challenge = "kafka-" + UUID.randomUUID();
        attempted.incrementAndGet();
        signIns.publish(challenge, user, TENANT).whenComplete((acknowledged, failure) -> {
          if (failure == null) {
            accepted.add(challenge);
          } else {
            refused.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
          }
        });
      } catch (RuntimeException unexpected) {
        unexpected.printStackTrace(); // a ticker task that throws is never run again
      }
    }

    /**
     * What has not ended yet: sign-ins without an outcome, codes without a CodeRequest or a final
     * delivery, and challenges issued for a phone or an email address without a code that the send
     * period does not explain (no code to the same user within the period before).
     */
    List<String> open() {
      List<String> open = new ArrayList<>();
      for (String challenge : accepted) {
        List<ChallengeEvent> outcome = events.challengeEvents(challenge);
        if (outcome.isEmpty()) {
          open.add(challenge + ": no ChallengeEvent");
        }
        List<CodeRequest> codes = events.codeRequests(challenge);
        if (codes.isEmpty() && outcome.stream().anyMatch(e -> e.getState() == ChallengeState.CODE_SENT)) {
          open.add(challenge + ": CODE_SENT without a CodeRequest");
        }
        if (codes.isEmpty()) {
          issuedWithACodeProvider(outcome).filter(issued -> !sendPeriodExplains(issued))
              .ifPresent(issued -> open.add(challenge + ": issued for " + issued.getProvider() + ", no code"));
        }
        for (CodeRequest code : codes) {
          if (finals(code.getRequestId()).isEmpty()) {
            open.add(code.getRequestId() + ": no final DeliveryEvent");
          }
        }
      }
      return open;
    }

    List<DeliveryEvent> deliveryEvents() {
      return accepted.stream().flatMap(challenge -> events.codeRequests(challenge).stream())
          .map(CodeRequest::getRequestId).distinct()
          .flatMap(request -> events.deliveries(request).stream()).toList();
    }

    FaultReport.Row report(String notes) {
      int ended = 0, rejected = 0, codes = 0, sent = 0, notSent = 0, duplicateEvents = 0, duplicateOutcomes = 0;
      int withoutCode = 0;
      for (String challenge : accepted) {
        List<ChallengeEvent> outcome = events.challengeEvents(challenge);
        ended += outcome.isEmpty() ? 0 : 1;
        rejected += outcome.stream().anyMatch(e -> e.getState() == ChallengeState.REJECTED) ? 1 : 0;
        duplicateEvents += duplicates(outcome.stream().map(e -> e.getMetadata().getEventId().toString()).toList());
        List<CodeRequest> requests = events.codeRequests(challenge);
        duplicateEvents += duplicates(requests.stream().map(r -> r.getMetadata().getEventId().toString()).toList());
        if (requests.isEmpty() && issuedWithACodeProvider(outcome).isPresent()) {
          withoutCode++;
        }
        for (String request : requests.stream().map(CodeRequest::getRequestId).distinct().toList()) {
          codes++;
          List<DeliveryEvent> deliveries = events.deliveries(request);
          duplicateEvents += duplicates(deliveries.stream().map(d -> d.getMetadata().getEventId().toString()).toList());
          List<DeliveryEvent> finals = finals(request);
          if (finals.size() > 1) {
            duplicateOutcomes++;
          }
          if (!finals.isEmpty()) {
            if (finals.get(0).getStatus() == DeliveryStatus.SENT) {
              sent++;
            } else {
              notSent++;
            }
          }
        }
      }
      List<String> open = open();
      String why = notes;
      if (!refused.isEmpty()) {
        why += (why.isEmpty() ? "" : "; ") + "not accepted by the broker: " + refused;
      }
      if (withoutCode > 0) {
        why += (why.isEmpty() ? "" : "; ") + withoutCode + " issued without a code (send period)";
      }
      if (!open.isEmpty()) {
        why += (why.isEmpty() ? "" : "; ") + "open: " + open.subList(0, Math.min(5, open.size()));
      }
      FaultReport.Row row = new FaultReport.Row(name, attempted.get(), accepted.size(), ended, rejected, codes, sent,
          notSent, open.size(), duplicateEvents, duplicateOutcomes, providerDuplicates(began),
          deadLettersWaiting() - deadLettersBefore, why);
      REPORT.add(row);
      return row;
    }
  }

  private static java.util.Optional<ChallengeEvent> issuedWithACodeProvider(List<ChallengeEvent> outcome) {
    return outcome.stream().filter(e -> e.getState() == ChallengeState.ISSUED && e.getProvider() != null
        && !e.getProvider().name().equals("TOTP")).findFirst();
  }

  /**
   * Whether another challenge of the user got a code within the send period (5 s, plus a second
   * either side for the gap between an event's time and the permit's) around this one's issue.
   */
  private static boolean sendPeriodExplains(ChallengeEvent issued) {
    Instant at = issued.getMetadata().getOccurredAt();
    return events.codesSentTo(issued.getUserId()).stream()
        .anyMatch(sent -> !sent.isBefore(at.minusSeconds(6)) && !sent.isAfter(at.plusSeconds(1)));
  }

  private static List<DeliveryEvent> finals(String requestId) {
    Map<String, DeliveryEvent> byEventId = new LinkedHashMap<>();
    for (DeliveryEvent delivery : events.deliveries(requestId)) {
      if (delivery.getStatus() != DeliveryStatus.RETRYING) {
        byEventId.putIfAbsent(delivery.getMetadata().getEventId().toString(), delivery);
      }
    }
    return List.copyOf(byEventId.values());
  }

  private static int duplicates(List<String> eventIds) {
    return eventIds.size() - (int) eventIds.stream().distinct().count();
  }

  /**
   * Messages to this tenant's users that a provider accepted (2xx, whether or not delivery heard the
   * answer in time) more than once since the scenario began.
   */
  private static int providerDuplicates(Instant since) {
    Map<String, Integer> received = new HashMap<>();
    for (ServeEvent served : providers.getAllServeEvents()) {
      int status = served.getResponse().getStatus();
      if (served.getRequest().getLoggedDate().toInstant().isBefore(since) || status < 200 || status > 299) {
        continue;
      }
      String message = switch (served.getRequest().getUrl()) {
        case EndToEndStack.TWILIO_PATH -> {
          Map<String, String> form = FormBody.parse(served.getRequest().getBodyAsString());
          yield destinations.contains(form.get("To")) ? form.get("To") + " " + form.get("Body") : null;
        }
        case EndToEndStack.SENDGRID_PATH -> {
          JsonNode mail = ApiClient.json(served.getRequest().getBodyAsString());
          String to = mail.get("personalizations").get(0).get("to").get(0).get("email").asString();
          yield destinations.contains(to) ? to + " " + mail.get("content").get(0).get("value").asString() : null;
        }
        default -> null;
      };
      if (message != null) {
        received.merge(message, 1, Integer::sum);
      }
    }
    return received.values().stream().mapToInt(times -> times - 1).sum();
  }
}
