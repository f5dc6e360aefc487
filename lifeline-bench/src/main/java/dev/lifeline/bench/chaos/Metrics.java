package dev.lifeline.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Records how each request of one strategy's run ended, then computes its {@link StrategyResult}
 * from that and from the run's {@link CallLedger}: the ledger, not the strategy, says which calls
 * were made, billed and correct. Thread-safe while recording.
 */
public final class Metrics {

  /** The quantiles at which the latency CDF is kept for the report. */
  public static final List<Double> CDF_QUANTILES = cdfQuantiles();

  /** Slices of the scenario for the success-over-time chart. */
  public static final int TIME_BUCKETS = 48;

  /** Latencies are recorded in microseconds up to a day, to three significant digits. */
  private static final long MAX_MICROS = Duration.ofDays(1).toNanos() / 1000;

  private final RequestStream stream;
  private final long[] endNanos;
  private final String[] responseIds;
  private final int[] duplicated;
  private final int[] lost;
  private final long[] firstDeltaNanos;

  /** Recording for {@code stream}. */
  public Metrics(RequestStream stream) {
    this.stream = stream;
    this.endNanos = new long[stream.size()];
    this.responseIds = new String[stream.size()];
    this.duplicated = new int[stream.size()];
    this.lost = new int[stream.size()];
    this.firstDeltaNanos = new long[stream.size()];
    Arrays.fill(endNanos, -1);
    Arrays.fill(firstDeltaNanos, -1);
  }

  /**
   * Records that request {@code index} ended at {@code nanos} (scenario time) with the answer whose
   * id is {@code responseId}, or with none (null).
   */
  public synchronized void finished(int index, long nanos, String responseId) {
    endNanos[index] = nanos;
    responseIds[index] = responseId;
  }

  /**
   * Records what the caller of streamed request {@code index} was shown, {@code received}, against
   * the answer it should have been shown. A stream that showed nothing lost nothing: it failed, or
   * its answer came whole.
   */
  public synchronized void received(int index, String received) {
    if (received.isEmpty()) {
      return;
    }
    TextAlignment alignment =
        TextAlignment.of(SimulatedAnswer.text(stream.requests().get(index)), received);
    duplicated[index] = alignment.duplicated();
    lost[index] = alignment.lost();
  }

  /**
   * Records that streamed request {@code index} showed its caller its first text at {@code nanos}.
   */
  public synchronized void firstDelta(int index, long nanos) {
    if (firstDeltaNanos[index] < 0) {
      firstDeltaNanos[index] = nanos;
    }
  }

  /** How many requests have ended. */
  public synchronized int finishedCount() {
    int count = 0;
    for (long end : endNanos) {
      count += end >= 0 ? 1 : 0;
    }
    return count;
  }

  /**
   * The result, counting a request that never ended as failed at {@code cutoffNanos}.
   *
   * @param scenario the scenario played, for outage windows and the time axis
   */
  public synchronized StrategyResult summarise(
      String name, Scenario scenario, CallLedger ledger, long cutoffNanos) {
    int n = stream.size();
    Histogram latency = new Histogram(MAX_MICROS, 3);
    Histogram firstDelta = new Histogram(MAX_MICROS, 3);
    long calls = 0;
    long wasted = 0;
    long successes = 0;
    double cost = 0;
    long span = scenario.duration().toNanos();
    long[] bucketRequests = new long[TIME_BUCKETS];
    long[] bucketSuccesses = new long[TIME_BUCKETS];
    Duration outageEnd = scenario.lastOutageEnd();
    Set<Integer> recovered = recoveredDeployments(scenario, outageEnd);
    long recoveredAt = Long.MAX_VALUE;
    long duplicatedChars = 0;
    long lostChars = 0;
    long followUps = 0;
    long cacheHits = 0;
    for (SimRequest request : stream.requests()) {
      int i = request.index();
      long end = endNanos[i] >= 0 ? endNanos[i] : cutoffNanos;
      latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (end - request.arrivalNanos()) / 1000)));
      if (firstDeltaNanos[i] >= 0) {
        firstDelta.recordValue(
            Math.min(
                MAX_MICROS, Math.max(0, (firstDeltaNanos[i] - request.arrivalNanos()) / 1000)));
      }
      List<CallLedger.Call> made = ledger.calls(i);
      CallLedger.Call answer = null;
      for (CallLedger.Call call : made) {
        cost += call.cost();
        if (responseIds[i] != null && responseIds[i].equals(call.responseId())) {
          answer = call;
        }
      }
      calls += made.size();
      wasted += made.size() - (answer == null ? 0 : 1);
      duplicatedChars += duplicated[i];
      lostChars += lost[i];
      boolean success =
          answer != null
              && answer.correct()
              && endNanos[i] >= 0
              && duplicated[i] == 0
              && lost[i] == 0;
      int bucket = (int) Math.min(TIME_BUCKETS - 1, request.arrivalNanos() * TIME_BUCKETS / span);
      bucketRequests[bucket]++;
      if (request.turn() != null && request.turn().followUp()) {
        followUps++;
        cacheHits += success && ledger.fromCache(answer.responseId()) ? 1 : 0;
      }
      if (success) {
        successes++;
        bucketSuccesses[bucket]++;
        if (outageEnd != null
            && request.arrivalNanos() >= outageEnd.toNanos()
            && recovered.contains(answer.deployment())) {
          recoveredAt = Math.min(recoveredAt, end);
        }
      }
    }
    List<Double> cdf = new ArrayList<>();
    for (double q : CDF_QUANTILES) {
      cdf.add(latency.getValueAtPercentile(q * 100) / 1000.0);
    }
    List<Double> overTime = new ArrayList<>();
    for (int b = 0; b < TIME_BUCKETS; b++) {
      overTime.add(bucketRequests[b] == 0 ? null : (double) bucketSuccesses[b] / bucketRequests[b]);
    }
    Double recovery =
        outageEnd == null || recoveredAt == Long.MAX_VALUE
            ? null
            : Math.max(0, recoveredAt - outageEnd.toNanos()) / 1e9;
    return new StrategyResult(
        name,
        n,
        (double) successes / n,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(95) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        (double) calls / n,
        wasted,
        cost,
        recovery,
        List.copyOf(cdf),
        java.util.Collections.unmodifiableList(overTime),
        duplicatedChars,
        lostChars,
        followUps == 0 ? null : (double) cacheHits / followUps,
        firstDelta.getTotalCount() == 0 ? null : firstDelta.getValueAtPercentile(99) / 1000.0);
  }

  /** The deployments hit by the outage-like fault that ends last. */
  private static Set<Integer> recoveredDeployments(Scenario scenario, Duration outageEnd) {
    Set<Integer> hit = new HashSet<>();
    if (outageEnd == null) {
      return hit;
    }
    for (FaultProcess fault : scenario.faults()) {
      boolean outageLike =
          fault instanceof FaultProcess.Outage
              || fault instanceof FaultProcess.Flapping
              || fault instanceof FaultProcess.RevokedKey;
      if (outageLike && fault.end().equals(outageEnd)) {
        for (int d = 0; d < scenario.deployments().size(); d++) {
          if (scenario.deployments().get(d).matches(fault.target())) {
            hit.add(d);
          }
        }
      }
    }
    return hit;
  }

  private static List<Double> cdfQuantiles() {
    List<Double> quantiles = new ArrayList<>();
    for (int i = 0; i <= 98; i++) {
      quantiles.add(i / 100.0);
    }
    quantiles.addAll(List.of(0.99, 0.995, 0.999, 1.0));
    return List.copyOf(quantiles);
  }
}
