package dev.lifeline.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * A contender's figures against the baseline's, round by round: each round's slice of the contender
 * is divided by the baseline's slice of the same round (the two ran minutes, not hours, apart,
 * under the same load on the machine), and each ratio is the median of those per-round ratios. On a
 * shared machine whose load drifts during a run, the median of paired ratios moves far less than a
 * ratio of figures pooled over the whole run, where one noisy minute lands on whichever contender
 * ran in it.
 *
 * @param rounds the rounds in which both the contender and the baseline had a figure
 * @param p50 median latency, contender / baseline (lower is better)
 * @param p99 99th percentile latency, contender / baseline
 * @param throughput calls per second, contender / baseline (higher is better)
 * @param allocation bytes allocated per call, contender / baseline
 * @param firstDeltaP50 median time to the first delta, contender / baseline (streams only)
 */
public record PairedRatios(
    int rounds,
    Spread p50,
    Spread p99,
    Spread throughput,
    Spread allocation,
    Spread firstDeltaP50) {

  /**
   * The median of some per-round ratios and the lowest and highest of them; all {@code NaN} when no
   * round had both figures.
   *
   * @param median the middle ratio (the mean of the two middle ones for an even count)
   * @param low the lowest ratio
   * @param high the highest ratio
   */
  public record Spread(double median, double low, double high) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN);

    /** Whether any round gave a ratio. */
    public boolean known() {
      return !Double.isNaN(median);
    }

    /** The spread of {@code ratios}; {@link #NONE} when empty. */
    static Spread of(List<Double> ratios) {
      if (ratios.isEmpty()) {
        return NONE;
      }
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      return new Spread(median, sorted[0], sorted[n - 1]);
    }
  }

  /**
   * The ratios of {@code contender}'s rounds to {@code baseline}'s, paired by index: round {@code
   * i} of one with round {@code i} of the other. A round is left out of a ratio when either side
   * has no figure for it (no successful call, or no time to first delta), so that a round where
   * every call failed cannot make a ratio of zero or infinity.
   *
   * @throws IllegalArgumentException if the two lists differ in length
   */
  static PairedRatios of(List<Sample> baseline, List<Sample> contender) {
    if (baseline.size() != contender.size()) {
      throw new IllegalArgumentException(
          "rounds differ: baseline " + baseline.size() + ", contender " + contender.size());
    }
    int paired = 0;
    for (int i = 0; i < baseline.size(); i++) {
      if (baseline.get(i).calls() > 0 && contender.get(i).calls() > 0) {
        paired++;
      }
    }
    return new PairedRatios(
        paired,
        ratios(baseline, contender, s -> percentile(s.latency, 50)),
        ratios(baseline, contender, s -> percentile(s.latency, 99)),
        ratios(baseline, contender, PairedRatios::throughput),
        ratios(baseline, contender, PairedRatios::allocationPerCall),
        ratios(baseline, contender, s -> percentile(s.firstDelta, 50)));
  }

  private static Spread ratios(
      List<Sample> baseline, List<Sample> contender, ToDoubleFunction<Sample> figure) {
    List<Double> ratios = new ArrayList<>(baseline.size());
    for (int i = 0; i < baseline.size(); i++) {
      double base = figure.applyAsDouble(baseline.get(i));
      double other = figure.applyAsDouble(contender.get(i));
      if (base > 0 && other > 0 && Double.isFinite(base) && Double.isFinite(other)) {
        ratios.add(other / base);
      }
    }
    return Spread.of(ratios);
  }

  private static double percentile(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
  }

  private static double throughput(Sample s) {
    return s.elapsedNanos == 0 ? 0 : s.calls() * 1e9 / s.elapsedNanos;
  }

  private static double allocationPerCall(Sample s) {
    // A slice with no allocation seen (no GC and no heap growth) has no figure, not a zero.
    return s.calls() == 0 ? 0 : (double) s.allocatedBytes / s.calls();
  }
}
