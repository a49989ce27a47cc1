package io.twofold.bench.load;

import java.util.Arrays;

/** Throughput and latency percentiles of one measured run. */
record Result(String name, long operations, double seconds, long[] latencyNanos) {

  double perSecond() {
    return operations / seconds;
  }

  double percentileMillis(double percentile) {
    if (latencyNanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = latencyNanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
  }

  String line() {
    return String.format("%-58s %8d ops %9.1f /s   p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms",
        name, operations, perSecond(), percentileMillis(50), percentileMillis(95), percentileMillis(99));
  }
}
