package dev.lifeline.bench.load;

import java.util.List;
import java.util.Optional;

/**
 * A whole run: the machine, the options, every row, and the fake server's process id (gone by the
 * time the report exists).
 *
 * @param startedAt when the run began, ISO-8601 UTC
 * @param cores available processors
 * @param java the JVM's version
 * @param options the run's options
 * @param serverPid the fake server's process id
 * @param results one row per mode and contender, modes in run order
 */
public record LoadReport(
    String startedAt,
    int cores,
    String java,
    LoadOptions options,
    long serverPid,
    List<ModeResult> results) {

  /** How allocation per call is measured, for the tables. */
  public static final String ALLOCATION_METHOD =
      "bytes allocated by every live JVM thread during the run (sum of"
          + " com.sun.management.ThreadMXBean#getThreadAllocatedBytes deltas, the clients' own"
          + " threads included), divided by the calls that succeeded";

  /** Copies the rows. */
  public LoadReport {
    results = List.copyOf(results);
  }

  /** The baseline's row in {@code mode}, if the baseline ran. */
  public Optional<ModeResult> baseline(String mode) {
    return results.stream()
        .filter(r -> r.mode().equals(mode) && r.contender().equals(Contenders.BASELINE))
        .findFirst();
  }
}
