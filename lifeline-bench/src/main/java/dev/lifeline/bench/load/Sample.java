package dev.lifeline.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one contender did in one mode, summed over the rounds run so far: latencies (µs) of the
 * calls that succeeded, and for streams the time to the first delta, the count of failed calls and
 * the first failure, elapsed wall time, allocated bytes, the peak of live threads and the threads
 * started. Not thread-safe: a runner fills it after its callers have stopped.
 */
final class Sample {

  /** Latencies are kept in µs up to 10 minutes, to three significant digits. */
  static final long MAX_MICROS = 600_000_000L;

  final Histogram latency = new Histogram(MAX_MICROS, 3);
  final Histogram firstDelta = new Histogram(MAX_MICROS, 3);
  long errors;
  String firstError;
  long elapsedNanos;
  long allocatedBytes;
  int peakThreads;
  long startedThreads;

  /** Adds another round's figures to these. */
  void add(Sample round) {
    latency.add(round.latency);
    firstDelta.add(round.firstDelta);
    errors += round.errors;
    if (firstError == null) {
      firstError = round.firstError;
    }
    elapsedNanos += round.elapsedNanos;
    allocatedBytes += round.allocatedBytes;
    peakThreads = Math.max(peakThreads, round.peakThreads);
    startedThreads += round.startedThreads;
  }

  /** Calls that succeeded. */
  long calls() {
    return latency.getTotalCount();
  }
}
