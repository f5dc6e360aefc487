package dev.lifeline.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One row of the report: a contender in a mode, over every round (figures pooled over the rounds;
 * {@code ratios} paired round by round).
 *
 * @param contender the contender's name
 * @param mode the mode's name
 * @param concurrency caller threads
 * @param streaming whether calls were streamed
 * @param calls calls that succeeded
 * @param errors calls that failed
 * @param firstError the first failure, or null
 * @param p50Millis median latency of a whole call
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 * @param firstDeltaP50Millis median time to the first delta (streaming only, else 0)
 * @param firstDeltaP99Millis 99th percentile time to the first delta (streaming only, else 0)
 * @param throughput succeeded calls per second of wall time
 * @param allocatedBytesPerCall bytes allocated by every JVM thread during the run, per call
 * @param peakThreads the most live threads in the JVM during the run
 * @param startedThreads threads started during the run
 * @param ratios against the baseline, round by round; null when the baseline did not run
 */
public record ModeResult(
    String contender,
    String mode,
    int concurrency,
    boolean streaming,
    long calls,
    long errors,
    String firstError,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    double firstDeltaP50Millis,
    double firstDeltaP99Millis,
    double throughput,
    long allocatedBytesPerCall,
    int peakThreads,
    long startedThreads,
    PairedRatios ratios) {

  static ModeResult of(String contender, LoadMode mode, Sample sample, PairedRatios ratios) {
    Histogram latency = sample.latency;
    Histogram first = sample.firstDelta;
    long calls = sample.calls();
    return new ModeResult(
        contender,
        mode.name(),
        mode.concurrency(),
        mode.streaming(),
        calls,
        sample.errors,
        sample.firstError,
        millis(latency, 50),
        millis(latency, 95),
        millis(latency, 99),
        millis(first, 50),
        millis(first, 99),
        sample.elapsedNanos == 0 ? 0 : calls * 1e9 / sample.elapsedNanos,
        calls == 0 ? 0 : sample.allocatedBytes / calls,
        sample.peakThreads,
        sample.startedThreads,
        ratios);
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
