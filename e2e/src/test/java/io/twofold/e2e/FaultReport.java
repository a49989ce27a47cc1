package io.twofold.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each fault did to the requests in flight: one row per scenario, printed with the test run
 * and written to {@code target/faults-report.txt}.
 */
final class FaultReport {

  /**
   * @param signIns sign-ins attempted (Kafka requests published, or HTTP sign-ins begun)
   * @param accepted acknowledged by the broker (Kafka) or answered 201 (HTTP)
   * @param ended accepted sign-ins that ended in a ChallengeEvent on the topic
   * @param rejected of those, answered REJECTED
   * @param codeRequests CodeRequests the sign-ins caused
   * @param sent code requests ended SENT
   * @param notSent code requests ended FAILED or EXPIRED_UNSENT
   * @param lost accepted sign-ins without an outcome, codes stored without a CodeRequest, and code
   *     requests without a final DeliveryEvent
   * @param duplicateEvents events published more than once (same eventId: harmless, consumers
   *     deduplicate)
   * @param duplicateOutcomes code requests with more than one final DeliveryEvent
   * @param providerDuplicates messages a provider received more than once (same recipient and text)
   * @param deadLettered records that reached a dead-letter topic during the scenario
   */
  record Row(String scenario, int signIns, int accepted, int ended, int rejected, int codeRequests, int sent,
      int notSent, int lost, int duplicateEvents, int duplicateOutcomes, int providerDuplicates, int deadLettered,
      String notes) {}

  private static final String FORMAT = "%-34s %8s %8s %6s %8s %6s %5s %8s %5s %9s %9s %9s %5s  %s%n";

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
    System.out.print(table(List.of(row)));
  }

  synchronized String table() {
    return table(rows);
  }

  private static String table(List<Row> rows) {
    StringBuilder table = new StringBuilder(String.format(FORMAT, "scenario", "sign-ins", "accepted", "ended",
        "rejected", "codes", "sent", "not-sent", "lost", "dup-event", "dup-final", "dup-provd", "dlt", "notes"));
    for (Row row : rows) {
      table.append(String.format(FORMAT, row.scenario(), row.signIns(), row.accepted(), row.ended(), row.rejected(),
          row.codeRequests(), row.sent(), row.notSent(), row.lost(), row.duplicateEvents(), row.duplicateOutcomes(),
          row.providerDuplicates(), row.deadLettered(), row.notes()));
    }
    return table.toString();
  }

  synchronized void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, table());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
