package dev.lifeline.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine's health tracking judges deployments: the sliding window its counts and latencies
 * are kept over, and the things it does with them — {@link CircuitSettings circuit breakers},
 * {@link CooldownSettings cooldowns}, the {@link RetryBudgetSettings retry budget} and {@link
 * BrownoutSettings brownout routing}.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies:
 *
 * <pre>{@code
 * HealthSettings.defaults()
 *     .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(3))
 *     .withRetryBudget(RetryBudgetSettings.disabled());
 * }</pre>
 */
public final class HealthSettings {

  // Five minutes is long enough to see a trend at a few calls a minute, short enough that an outage
  // that
  // ended ten minutes ago no longer colours routing.
  private static final HealthSettings DEFAULTS =
      new HealthSettings(
          Duration.ofMinutes(5),
          10,
          CircuitSettings.defaults(),
          CooldownSettings.defaults(),
          RetryBudgetSettings.defaults(),
          BrownoutSettings.defaults());

  private final Duration window;
  private final int buckets;
  private final CircuitSettings circuit;
  private final CooldownSettings cooldowns;
  private final RetryBudgetSettings retryBudget;
  private final BrownoutSettings brownout;

  private HealthSettings(
      Duration window,
      int buckets,
      CircuitSettings circuit,
      CooldownSettings cooldowns,
      RetryBudgetSettings retryBudget,
      BrownoutSettings brownout) {
    this.window = window;
    this.buckets = buckets;
    this.circuit = circuit;
    this.cooldowns = cooldowns;
    this.retryBudget = retryBudget;
    this.brownout = brownout;
  }

  /** The defaults: a 5-minute window in 10 buckets, and the defaults of each part. */
  public static HealthSettings defaults() {
    return DEFAULTS;
  }

  /** The sliding window's length. */
  public Duration window() {
    return window;
  }

  /**
   * This with the sliding window's length; default 5 minutes.
   *
   * @throws IllegalArgumentException if {@code window} is not in [1 second, 1 day]
   */
  public HealthSettings withWindow(Duration window) {
    return new HealthSettings(
        Ranges.between("window", window, Duration.ofSeconds(1), Duration.ofDays(1)),
        buckets,
        circuit,
        cooldowns,
        retryBudget,
        brownout);
  }

  /** How many buckets the window is cut into. */
  public int buckets() {
    return buckets;
  }

  /**
   * This with how many buckets the window is cut into; default 10. More buckets slide more smoothly
   * and cost more memory: each holds a latency histogram of 50 to 95 KB per deployment once used
   * (about 70 KB for latencies up to a minute), and another for time to first token if it streams.
   * With the window's range, every bucket is at least 10 ms long.
   *
   * @throws IllegalArgumentException if {@code buckets} is not in [1, 100]
   */
  public HealthSettings withBuckets(int buckets) {
    return new HealthSettings(
        window,
        Ranges.between("buckets", buckets, 1, 100),
        circuit,
        cooldowns,
        retryBudget,
        brownout);
  }

  /** When circuits open and close. */
  public CircuitSettings circuit() {
    return circuit;
  }

  /** This with {@code circuit}. */
  public HealthSettings withCircuit(CircuitSettings circuit) {
    return new HealthSettings(
        window,
        buckets,
        Objects.requireNonNull(circuit, "circuit"),
        cooldowns,
        retryBudget,
        brownout);
  }

  /** How long failures keep a deployment or a provider out. */
  public CooldownSettings cooldowns() {
    return cooldowns;
  }

  /** This with {@code cooldowns}. */
  public HealthSettings withCooldowns(CooldownSettings cooldowns) {
    return new HealthSettings(
        window,
        buckets,
        circuit,
        Objects.requireNonNull(cooldowns, "cooldowns"),
        retryBudget,
        brownout);
  }

  /** How many extra attempts the fleet may take. */
  public RetryBudgetSettings retryBudget() {
    return retryBudget;
  }

  /** This with {@code retryBudget}. */
  public HealthSettings withRetryBudget(RetryBudgetSettings retryBudget) {
    return new HealthSettings(
        window,
        buckets,
        circuit,
        cooldowns,
        Objects.requireNonNull(retryBudget, "retryBudget"),
        brownout);
  }

  /** How slow deployments are found and demoted; see {@link BrownoutSettings}. */
  public BrownoutSettings brownout() {
    return brownout;
  }

  /** This with {@code brownout}. */
  public HealthSettings withBrownout(BrownoutSettings brownout) {
    return new HealthSettings(
        window,
        buckets,
        circuit,
        cooldowns,
        retryBudget,
        Objects.requireNonNull(brownout, "brownout"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HealthSettings that
        && window.equals(that.window)
        && buckets == that.buckets
        && circuit.equals(that.circuit)
        && cooldowns.equals(that.cooldowns)
        && retryBudget.equals(that.retryBudget)
        && brownout.equals(that.brownout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(window, buckets, circuit, cooldowns, retryBudget, brownout);
  }

  @Override
  public String toString() {
    return "HealthSettings{window="
        + window
        + ", buckets="
        + buckets
        + ", "
        + circuit
        + ", "
        + cooldowns
        + ", "
        + retryBudget
        + ", "
        + brownout
        + '}';
  }
}
