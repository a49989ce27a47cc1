package io.twofold.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twofold.localstack.LocalStack;
import io.twofold.localstack.ServiceKind;
import io.twofold.localstack.StackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One stack for every end-to-end test class in the JVM: the local stack's real Kafka node,
 * registry, Mongo wire server and the four services as child processes, on free ports, with the
 * delivery service sending email through SendGrid and SMS through Twilio, both played by WireMock
 * (the SDKs' real requests, answered as the providers answer). Closed when the test run ends.
 */
final class EndToEndStack implements BeforeAllCallback {

  static final String SENDGRID_PATH = "/v3/mail/send";
  static final String TWILIO_ACCOUNT = "AC00000000000000000000000000000e2e";
  static final String TWILIO_PATH = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT + "/Messages.json";
  static final String TWILIO_MESSAGING_SERVICE = "MG00000000000000000000000000000e2e";

  /** A killed consumer's partitions move to its successor after 10 s, not the default 45 s. */
  private static final String FAST_SESSION_TIMEOUT = "SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS";

  private static Running running;

  record Running(LocalStack stack, WireMockServer providers) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
      providers.stop();
    }
  }

  static synchronized Running get() {
    if (running == null) {
      running = start();
    }
    return running;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store closes the stack once, after the last test class of the run.
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(EndToEndStack.class, key -> get(), Running.class);
  }

  private static Running start() {
    WireMockServer providers = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    providers.start();
    providers.stubFor(post(urlEqualTo(SENDGRID_PATH))
        .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-e2e")));
    providers.stubFor(post(urlEqualTo(TWILIO_PATH))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"sid\":\"SM00000000000000000000000000000e2e\",\"status\":\"accepted\"}")));
    String providerUrl = "http://127.0.0.1:" + providers.port();
    Map<String, String> delivery = Map.ofEntries(
        Map.entry("SENDGRID_API_KEY", "SG.e2e-key"),
        Map.entry("SENDGRID_BASE_URL", providerUrl),
        Map.entry("TWOFOLD_EMAIL_FROM", "no-reply@acme.test"),
        Map.entry("TWILIO_ACCOUNT_SID", TWILIO_ACCOUNT),
        Map.entry("TWILIO_AUTH_TOKEN", "e2e-twilio-token"),
        Map.entry("TWILIO_MESSAGING_SERVICE_SID", TWILIO_MESSAGING_SERVICE),
        Map.entry("TWILIO_BASE_URL", providerUrl),
        // Short enough for the fault scenarios (FaultsIT) to play out within minutes. The lease must
        // outlast the database's 10-s freeze: a send whose outcome (and lease renewals) wait on a
        // frozen database looks dead once its lease ends, and is taken over and sent again (with a
        // 10-s lease one CI run saw that duplicate). Production's lease is 60 s.
        Map.entry("TWOFOLD_DELIVERY_PROVIDER_TIMEOUT", "2s"),
        Map.entry("TWOFOLD_DELIVERY_LEASE", "20s"),
        Map.entry("TWOFOLD_DELIVERY_BACKOFF_CAP", "5s"),
        // FaultsIT signs its few SMS users in far more often than a person would (a 5-s send
        // period, six scenarios): the per-number and per-range budgets stay on, but out of its way.
        Map.entry("TWOFOLD_DELIVERY_SMSBUDGETS_DESTINATION_HOURLY", "10000"),
        Map.entry("TWOFOLD_DELIVERY_SMSBUDGETS_DESTINATION_DAILY", "10000"),
        Map.entry("TWOFOLD_DELIVERY_SMSBUDGETS_PREFIX_HOURLY", "10000"),
        Map.entry("TWOFOLD_DELIVERY_SMSBUDGETS_PREFIX_DAILY", "10000"),
        Map.entry(FAST_SESSION_TIMEOUT, "10000"));
    try {
      Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-stack");
      StackPorts ports = StackPorts.free();
      // The Mongo wire server runs as a process of its own, so that FaultsIT can freeze it.
      LocalStack stack = LocalStack.start(Path.of("..").toAbsolutePath().normalize(), dataDir, ports,
          Map.of(ServiceKind.DELIVERY, delivery,
              ServiceKind.CHALLENGE, Map.of(FAST_SESSION_TIMEOUT, "10000"),
              ServiceKind.ENROLLMENT, Map.of("TWOFOLD_ENROLLMENT_CENSUS_INTERVAL", "1s")),
          true);
      return new Running(stack, providers);
    } catch (Exception | Error failure) {
      providers.stop();
      throw new IllegalStateException("the end-to-end stack did not start", failure);
    }
  }
}
