package dev.lifeline.health;

import java.util.Objects;

/**
 * The retry budget: a token bucket that bounds the extra attempts (retries, and moves to
 * deployments that are not healthy) to a share of first attempts, so an outage cannot multiply the
 * load on a struggling fleet. A move to an untried healthy deployment is never charged.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies.
 */
public final class RetryBudgetSettings {

  private static final RetryBudgetSettings DEFAULTS = new RetryBudgetSettings(true, 0.2, 10, 1);

  private final boolean enabled;
  private final double ratio;
  private final int burst;
  private final double minPerSecond;

  private RetryBudgetSettings(boolean enabled, double ratio, int burst, double minPerSecond) {
    this.enabled = enabled;
    this.ratio = ratio;
    this.burst = burst;
    this.minPerSecond = minPerSecond;
  }

  /** The defaults, as each {@code with…} method states. */
  public static RetryBudgetSettings defaults() {
    return DEFAULTS;
  }

  /** The defaults with the retry budget off. */
  public static RetryBudgetSettings disabled() {
    return DEFAULTS.withEnabled(false);
  }

  /** Whether the retry budget is on. */
  public boolean enabled() {
    return enabled;
  }

  /** This with the retry budget on or off; default on. */
  public RetryBudgetSettings withEnabled(boolean enabled) {
    return new RetryBudgetSettings(enabled, ratio, burst, minPerSecond);
  }

  /** The tokens each first attempt deposits; one token pays for one extra attempt. */
  public double ratio() {
    return ratio;
  }

  /**
   * This with the tokens each first attempt deposits, one token paying for one extra attempt;
   * default 0.2 (gRPC retry throttling's and Envoy's usual 20%: a full outage costs at most about
   * 1.2 times the attempts).
   *
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 10]
   */
  public RetryBudgetSettings withRatio(double ratio) {
    return new RetryBudgetSettings(
        enabled, Ranges.between("ratio", ratio, 0, 10), burst, minPerSecond);
  }

  /** The most tokens the budget holds: the largest burst of extra attempts. */
  public int burst() {
    return burst;
  }

  /**
   * This with the most tokens the budget holds, the largest burst of extra attempts; default 10.
   *
   * @throws IllegalArgumentException if {@code burst} is not in [1, 1,000,000]
   */
  public RetryBudgetSettings withBurst(int burst) {
    return new RetryBudgetSettings(
        enabled, ratio, Ranges.between("burst", burst, 1, 1_000_000), minPerSecond);
  }

  /** The extra attempts per second allowed whatever the traffic. */
  public double minPerSecond() {
    return minPerSecond;
  }

  /**
   * This with the extra attempts per second allowed whatever the traffic, so a quiet service can
   * still retry; default 1.
   *
   * @throws IllegalArgumentException if {@code perSecond} is not in [0, 1,000,000]
   */
  public RetryBudgetSettings withMinPerSecond(double perSecond) {
    return new RetryBudgetSettings(
        enabled, ratio, burst, Ranges.between("minPerSecond", perSecond, 0, 1_000_000));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryBudgetSettings that
        && enabled == that.enabled
        && Double.compare(ratio, that.ratio) == 0
        && burst == that.burst
        && Double.compare(minPerSecond, that.minPerSecond) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, ratio, burst, minPerSecond);
  }

  @Override
  public String toString() {
    return "RetryBudgetSettings{"
        + "enabled="
        + enabled
        + ", ratio="
        + ratio
        + ", burst="
        + burst
        + ", minPerSecond="
        + minPerSecond
        + '}';
  }
}
