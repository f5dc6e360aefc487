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
 * @param gc the client JVM's garbage collectors
 * @param options the run's options
 * @param serverPid the fake server's process id
 * @param results one row per mode and contender, modes in run order
 */
public record LoadReport(
    String startedAt,
    int cores,
    String java,
    String gc,
    LoadOptions options,
    long serverPid,
    List<ModeResult> results) {

  /** How allocation per call is measured, for the tables. */
  public static final String ALLOCATION_METHOD =
      "heap bytes allocated by the whole client JVM during the run (freed by every GC, from the"
          + " collectors' notifications, plus growth of the heap in use; the clients' own threads"
          + " included, also those that ended), divided by the calls that succeeded; exact under"
          + " ParallelGC with fixed 32 KiB allocation buffers (bench/load.sh), give or take a"
          + " buffer per thread, to whole regions under G1";

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
