package dev.lifeline.bench.chaos;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A lognormal latency distribution given by its median and its 99th percentile, the two numbers
 * providers' status pages and dashboards show.
 *
 * <p>With {@code mu = ln(p50)} and {@code sigma = ln(p99 / p50) / z99}, where {@code z99 = 2.326}
 * is the standard normal's 99th percentile, a draw is {@code exp(mu + sigma × N(0, 1))}. Immutable.
 *
 * @param p50 the median, positive
 * @param p99 the 99th percentile, at least the median
 */
public record LatencyModel(Duration p50, Duration p99) {

  /** The standard normal distribution's 99th percentile. */
  private static final double Z99 = 2.3263478740408408;

  /**
   * Checks the percentiles.
   *
   * @throws IllegalArgumentException if p50 is not positive or p99 is below p50
   */
  public LatencyModel {
    if (p50.isZero() || p50.isNegative()) {
      throw new IllegalArgumentException("p50 must be positive, was " + p50);
    }
    if (p99.compareTo(p50) < 0) {
      throw new IllegalArgumentException("p99 must be >= p50 (" + p50 + "), was " + p99);
    }
  }

  /** The spread of the underlying normal distribution. */
  public double sigma() {
    return Math.log((double) p99.toNanos() / p50.toNanos()) / Z99;
  }

  /**
   * One draw, in nanoseconds, multiplied by {@code factor} (a brownout's slow-down, 1 otherwise).
   */
  public long sampleNanos(RandomGenerator random, double factor) {
    double draw = p50.toNanos() * Math.exp(sigma() * random.nextGaussian());
    return Math.max(1, (long) (draw * factor));
  }

  /**
   * One draw of a count distributed the same way around {@code median} and {@code p99}, at least 1.
   */
  static int sampleCount(RandomGenerator random, int median, int p99) {
    double sigma = Math.log((double) p99 / median) / Z99;
    return (int)
        Math.max(
            1,
            Math.min(
                Integer.MAX_VALUE / 2,
                Math.round(median * Math.exp(sigma * random.nextGaussian()))));
  }
}
