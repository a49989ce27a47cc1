package io.twofold.bench.load;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * CPU seconds each process spent on each measured run, so a result can be read as CPU cost per
 * operation: on a machine whose cores are all busy, throughput is cores ÷ (CPU per operation).
 * The generator's own JVM is split into the Mongo wire server (its netty threads) and the rest
 * (the generator's clients and the fake provider).
 */
final class CpuAccount {

  private static final String MONGO = "mongo wire server";
  private static final String GENERATOR = "generator + fake provider";
  /** Keycloak's JVM, when scenario (d) runs its peer. */
  static final String PEER = "keycloak (peer)";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Result, Map<String, Double>> spent = new LinkedHashMap<>();

  /** CPU seconds used so far by each of these processes and by this JVM's two parts. */
  Map<String, Double> seconds(Map<String, Long> processIds) {
    Map<String, Double> seconds = new TreeMap<>();
    processIds.forEach((name, pid) -> seconds.put(name, ofProcess(pid)));
    double mongo = mongoThreadSeconds();
    seconds.put(MONGO, mongo);
    seconds.put(GENERATOR, ofProcess(ProcessHandle.current().pid()) - mongo);
    return seconds;
  }

  void record(Result result, Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((name, value) -> used.put(name, value - before.getOrDefault(name, 0.0)));
    spent.put(result, used);
  }

  /** CPU milliseconds per operation of a run: of every process together, or of one. */
  double millisPerOperation(Result result) {
    return spent.get(result).values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / result.operations();
  }

  double millisPerOperation(Result result, String process) {
    return spent.get(result).getOrDefault(process, 0.0) * 1000 / result.operations();
  }

  /** CPU milliseconds per operation of the servers of one side: Twofold's stack, not the generator or the peer. */
  double stackMillisPerOperation(Result result) {
    return millisPerOperation(result) - millisPerOperation(result, GENERATOR) - millisPerOperation(result, PEER);
  }

  void print(PrintStream out) {
    TreeSet<String> names = new TreeSet<>();
    spent.values().forEach(used -> names.addAll(used.keySet()));
    out.printf("%nCPU per operation, ms (all processes share %d cores; ceiling = cores ÷ total):%n",
        Runtime.getRuntime().availableProcessors());
    out.printf("  %-52s", "run");
    names.forEach(name -> out.printf(" %10s", abbreviate(name)));
    out.printf(" %8s %10s%n", "total", "ceiling/s");
    spent.keySet().forEach(result -> {
      out.printf("  %-52s", abbreviate(result.name(), 52));
      names.forEach(name -> out.printf(" %10.2f", millisPerOperation(result, name)));
      double total = millisPerOperation(result);
      out.printf(" %8.2f %10.0f%n", total, Runtime.getRuntime().availableProcessors() * 1000 / total);
    });
    out.printf("  columns: %s%n", String.join(", ", names));
  }

  static String abbreviate(String name) {
    return abbreviate(name.replace("-service", "").replace("delivery-", "delivery#"), 10);
  }

  static String abbreviate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  private double mongoThreadSeconds() {
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("mongo-server")) {
        nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return nanos / 1e9;
  }

  /** utime + stime of a process from /proc (clock ticks, 100 per second on Linux). */
  private static double ofProcess(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (Exception e) {
      return 0;
    }
  }
}
