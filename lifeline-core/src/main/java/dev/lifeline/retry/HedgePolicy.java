package dev.lifeline.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Hedged requests: when an attempt has not answered after a delay, a second one starts on a backup
 * deployment; the first answer wins and the other attempt is cancelled. A hedge cuts the tail that
 * one slow answer adds, at the price of a second call, so it is off unless asked for, and bounded.
 *
 * <p>The delay is the deployment's own P95 time to answer over the health window ({@link
 * #afterP95()}; no hedge until it has {@link #minSamples()} answers), or a fixed one ({@link
 * #after(Duration)}). The backup is the first deployment of the call's plan, after the one waited
 * on, that is healthy, not demoted for a brownout, and (when measured) answers 95 % of the time
 * within that delay: a fleet that is slow everywhere gets no hedge, since no backup would be
 * faster. A hedge budget shared by the engine's calls keeps the hedges at most {@link #budget()} of
 * the attempts that could be hedged. A stream is hedged on its time to the first delta instead (its
 * P95 of that, or the fixed delay): the side whose first delta comes first streams to the caller
 * and the other is cancelled.
 *
 * <p>Immutable; set it on the engine with {@code SelfHealingEngine.Builder.hedging} and per call
 * with {@code CallOptions.withHedging}.
 */
public final class HedgePolicy {

  private static final HedgePolicy OFF = new HedgePolicy(false, null, 0.05, 20);

  private final boolean enabled;
  private final Duration delay; // null: the deployment's P95
  private final double budget;
  private final int minSamples;

  private HedgePolicy(boolean enabled, Duration delay, double budget, int minSamples) {
    this.enabled = enabled;
    this.delay = delay;
    this.budget = budget;
    this.minSamples = minSamples;
  }

  /** No hedging: the default. */
  public static HedgePolicy off() {
    return OFF;
  }

  /** Hedges after the deployment's own P95 time to answer, within a 5 % budget. */
  public static HedgePolicy afterP95() {
    return new HedgePolicy(true, null, OFF.budget, OFF.minSamples);
  }

  /**
   * Hedges after a fixed {@code delay}, within a 5 % budget.
   *
   * @throws IllegalArgumentException if {@code delay} is not in [1 ms, 10 min]
   */
  public static HedgePolicy after(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.compareTo(Duration.ofMillis(1)) < 0 || delay.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("delay must be in [PT0.001S, PT10M], was " + delay);
    }
    return new HedgePolicy(true, delay, OFF.budget, OFF.minSamples);
  }

  /** Whether hedging is on. */
  public boolean enabled() {
    return enabled;
  }

  /** The fixed delay; empty when the delay is the deployment's P95 (or hedging is off). */
  public Optional<Duration> delay() {
    return Optional.ofNullable(delay);
  }

  /** The most hedges, as a share of the attempts that could be hedged. */
  public double budget() {
    return budget;
  }

  /**
   * This with a hedge budget of {@code share} of the attempts that could be hedged; default 0.05.
   *
   * @throws IllegalArgumentException if {@code share} is not in (0, 0.5]
   */
  public HedgePolicy withBudget(double share) {
    if (!(share > 0 && share <= 0.5)) {
      throw new IllegalArgumentException("budget must be in (0, 0.5], was " + share);
    }
    return new HedgePolicy(enabled, delay, share, minSamples);
  }

  /** The answers a deployment needs before its P95 sets the delay. */
  public int minSamples() {
    return minSamples;
  }

  /**
   * This with the answers a deployment needs before its P95 sets the delay; default 20.
   *
   * @throws IllegalArgumentException if {@code minSamples} is not in [1, 10,000]
   */
  public HedgePolicy withMinSamples(int minSamples) {
    if (minSamples < 1 || minSamples > 10_000) {
      throw new IllegalArgumentException("minSamples must be in [1, 10000], was " + minSamples);
    }
    return new HedgePolicy(enabled, delay, budget, minSamples);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HedgePolicy that
        && enabled == that.enabled
        && Objects.equals(delay, that.delay)
        && Double.compare(budget, that.budget) == 0
        && minSamples == that.minSamples;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, delay, budget, minSamples);
  }

  @Override
  public String toString() {
    return enabled
        ? "HedgePolicy{after="
            + (delay == null ? "P95" : delay.toString())
            + ", budget="
            + budget
            + ", minSamples="
            + minSamples
            + '}'
        : "HedgePolicy{off}";
  }
}
