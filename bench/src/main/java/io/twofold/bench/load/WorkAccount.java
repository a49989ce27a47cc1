package io.twofold.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The work each service did on each measured run, counted by the services' own meters: database
 * commands, HTTP requests served, Kafka records produced, per operation. Unlike CPU time these
 * counts do not move with the machine's speed, so a change that saves a round trip shows as a
 * smaller count in any run, on any day ({@link CpuAccount} says what the work cost on that day).
 */
final class WorkAccount {

  /** What is counted: the Prometheus series summed for it (every tag combination). */
  enum Kind {
    MONGO("Mongo commands", "mongodb_driver_commands_seconds_count"),
    HTTP("HTTP requests served", "http_server_requests_seconds_count"),
    KAFKA("Kafka records produced", "kafka_producer_record_send_total");

    final String title;
    final String series;

    Kind(String title, String series) {
      this.title = title;
      this.series = series;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Supplier<String> token;
  /** What each run did: each service's counts, and its Mongo commands by command and collection. */
  private final Map<Result, Counts> done = new LinkedHashMap<>();

  /**
   * Counts at one moment, or a run's difference of two.
   *
   * @param byService each service's count of each kind
   * @param commands Mongo commands by "service command collection"
   */
  record Counts(Map<String, Map<Kind, Double>> byService, Map<String, Double> commands) {

    Counts since(Counts before) {
      Map<String, Map<Kind, Double>> services = new TreeMap<>();
      byService.forEach((name, counts) -> {
        Map<Kind, Double> was = before.byService().getOrDefault(name, Map.of());
        Map<Kind, Double> delta = new EnumMap<>(Kind.class);
        counts.forEach((kind, count) -> delta.put(kind, count - was.getOrDefault(kind, 0.0)));
        services.put(name, delta);
      });
      Map<String, Double> commandsSince = new TreeMap<>();
      commands.forEach((key, count) -> commandsSince.put(key, count - before.commands().getOrDefault(key, 0.0)));
      return new Counts(services, commandsSince);
    }
  }

  /** @param token a bearer token of the metrics scraper */
  WorkAccount(Supplier<String> token) {
    this.token = token;
  }

  /** Each service's counts so far, by its base URL (name → URL). */
  Counts counts(Map<String, String> services) {
    Map<String, Map<Kind, Double>> byService = new TreeMap<>();
    Map<String, Double> commands = new TreeMap<>();
    services.forEach((name, url) -> byService.put(name, scrape(name, url, commands)));
    return new Counts(byService, commands);
  }

  void record(Result result, Counts before, Counts after) {
    done.put(result, after.since(before));
  }

  /** One kind per operation, summed over the services. */
  double perOperation(Result result, Kind kind) {
    return done.get(result).byService().values().stream()
        .mapToDouble(counts -> counts.getOrDefault(kind, 0.0)).sum() / result.operations();
  }

  /** Which commands an operation of these runs makes, by service and collection (0.05 per operation and more). */
  void printCommands(PrintStream out, List<Result> runs) {
    for (Result result : runs) {
      out.printf("%nMongo commands per operation of %s:%n", result.name());
      done.get(result).commands().forEach((key, count) -> {
        if (count / result.operations() >= 0.05) {
          out.printf("  %-60s %6.2f%n", key, count / result.operations());
        }
      });
    }
  }

  void print(PrintStream out) {
    for (Kind kind : Kind.values()) {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      done.values().forEach(used -> used.byService().forEach((name, counts) -> {
        if (counts.getOrDefault(kind, 0.0) > 0) {
          names.add(name);
        }
      }));
      out.printf("%n%s per operation (the services' own meters; the benchmark's scrapes not counted):%n", kind.title);
      out.printf("  %-52s", "run");
      names.forEach(name -> out.printf(" %10s", CpuAccount.abbreviate(name)));
      out.printf(" %8s%n", "total");
      done.forEach((result, used) -> {
        out.printf("  %-52s", CpuAccount.abbreviate(result.name(), 52));
        names.forEach(name -> out.printf(" %10.2f",
            used.byService().getOrDefault(name, Map.of()).getOrDefault(kind, 0.0) / result.operations()));
        out.printf(" %8.2f%n", perOperation(result, kind));
      });
    }
  }

  /** One service's counts; its Mongo commands by command and collection are added to {@code commands}. */
  private Map<Kind, Double> scrape(String name, String baseUrl, Map<String, Double> commands) {
    Map<Kind, Double> counts = new EnumMap<>(Kind.class);
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
          .header("Authorization", "Bearer " + token.get()).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return counts;
      }
      for (String line : response.body().split("\n")) {
        for (Kind kind : Kind.values()) {
          if (line.startsWith(kind.series) && (line.length() == kind.series.length()
              || line.charAt(kind.series.length()) == '{' || line.charAt(kind.series.length()) == ' ')
              && !line.contains("uri=\"/actuator/prometheus\"")) {
            double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            counts.merge(kind, count, Double::sum);
            if (kind == Kind.MONGO) {
              commands.merge(name + " " + tag(line, "command") + " " + tag(line, "collection"), count, Double::sum);
            }
          }
        }
      }
    } catch (Exception unreachable) {
      // A service that is stopped or not up yet did no work that could be counted.
    }
    return counts;
  }

  private static String tag(String line, String name) {
    int start = line.indexOf(name + "=\"");
    return start < 0 ? "-" : line.substring(start + name.length() + 2, line.indexOf('"', start + name.length() + 2));
  }
}
