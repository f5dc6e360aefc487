package dev.lifeline.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a deployment's circuit opens, and how it closes again: on a failure rate, on failures in a
 * row, or on a slow-call rate, each counted over the health window; then open for a while, then
 * half-open probes.
 *
 * <p>Immutable; start from {@link #defaults()} and change what you need with the {@code with…}
 * copies.
 */
public final class CircuitSettings {

  private static final CircuitSettings DEFAULTS =
      new CircuitSettings(true, 0.5, 10, 5, null, 0.8, Duration.ofSeconds(30), 1);

  private final boolean enabled;
  private final double failureRateThreshold;
  private final int minimumCalls;
  private final int consecutiveFailures;
  private final Duration slowCallThreshold;
  private final double slowCallRateThreshold;
  private final Duration openDuration;
  private final int halfOpenProbes;

  private CircuitSettings(
      boolean enabled,
      double failureRateThreshold,
      int minimumCalls,
      int consecutiveFailures,
      Duration slowCallThreshold,
      double slowCallRateThreshold,
      Duration openDuration,
      int halfOpenProbes) {
    this.enabled = enabled;
    this.failureRateThreshold = failureRateThreshold;
    this.minimumCalls = minimumCalls;
    this.consecutiveFailures = consecutiveFailures;
    this.slowCallThreshold = slowCallThreshold;
    this.slowCallRateThreshold = slowCallRateThreshold;
    this.openDuration = openDuration;
    this.halfOpenProbes = halfOpenProbes;
  }

  /** The defaults, as each {@code with…} method states. */
  public static CircuitSettings defaults() {
    return DEFAULTS;
  }

  /** The defaults with circuit breakers off. */
  public static CircuitSettings disabled() {
    return DEFAULTS.withEnabled(false);
  }

  /** Whether circuit breakers are on. */
  public boolean enabled() {
    return enabled;
  }

  /** This with circuit breakers on or off; default on. */
  public CircuitSettings withEnabled(boolean enabled) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  /** The failure rate at or above which a circuit opens. */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * This with the failure rate at or above which a circuit opens; default 0.5.
   *
   * @throws IllegalArgumentException if {@code rate} is not in (0, 1]
   */
  public CircuitSettings withFailureRateThreshold(double rate) {
    return new CircuitSettings(
        enabled,
        Ranges.rate("failureRateThreshold", rate),
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  /** The fewest counted calls in the window before a rate can open a circuit. */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * This with the fewest counted calls in the window before a rate can open a circuit; default 10.
   *
   * @throws IllegalArgumentException if {@code calls} is not in [1, 1,000,000]
   */
  public CircuitSettings withMinimumCalls(int calls) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        Ranges.between("minimumCalls", calls, 1, 1_000_000),
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  /** How many counted failures in a row open a circuit. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * This with how many counted failures in a row open a circuit; default 5. {@link
   * Integer#MAX_VALUE} leaves only the rates.
   *
   * @throws IllegalArgumentException if {@code failures} is below 1
   */
  public CircuitSettings withConsecutiveFailures(int failures) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        Ranges.between("consecutiveFailures", failures, 1, Integer.MAX_VALUE),
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  /** The latency above which a call is slow, if the slow-call rule is on. */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(slowCallThreshold);
  }

  /**
   * This with the latency above which a call is slow, which turns the slow-call rule on; null turns
   * it off (the default: a long completion is slow and healthy; timeouts and the deadline catch a
   * hung provider).
   *
   * @throws IllegalArgumentException if {@code threshold} is not in [1 ms, 1 hour]
   */
  public CircuitSettings withSlowCallThreshold(Duration threshold) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        threshold == null
            ? null
            : Ranges.between(
                "slowCallThreshold", threshold, Duration.ofMillis(1), Duration.ofHours(1)),
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  /** The slow-call rate at or above which a circuit opens. */
  public double slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /**
   * This with the slow-call rate at or above which a circuit opens; default 0.8.
   *
   * @throws IllegalArgumentException if {@code rate} is not in (0, 1]
   */
  public CircuitSettings withSlowCallRateThreshold(double rate) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        Ranges.rate("slowCallRateThreshold", rate),
        openDuration,
        halfOpenProbes);
  }

  /** How long an open circuit rejects attempts. */
  public Duration openDuration() {
    return openDuration;
  }

  /**
   * This with how long an open circuit rejects attempts; default 30 seconds.
   *
   * @throws IllegalArgumentException if {@code duration} is not in [1 ms, 1 day]
   */
  public CircuitSettings withOpenDuration(Duration duration) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        Ranges.between("openDuration", duration, Duration.ofMillis(1), Duration.ofDays(1)),
        halfOpenProbes);
  }

  /** How many attempts a half-open circuit lets through at once. */
  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  /**
   * This with how many attempts a half-open circuit lets through at once; default 1.
   *
   * @throws IllegalArgumentException if {@code probes} is not in [1, 1000]
   */
  public CircuitSettings withHalfOpenProbes(int probes) {
    return new CircuitSettings(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        Ranges.between("halfOpenProbes", probes, 1, 1000));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CircuitSettings that
        && enabled == that.enabled
        && Double.compare(failureRateThreshold, that.failureRateThreshold) == 0
        && minimumCalls == that.minimumCalls
        && consecutiveFailures == that.consecutiveFailures
        && Objects.equals(slowCallThreshold, that.slowCallThreshold)
        && Double.compare(slowCallRateThreshold, that.slowCallRateThreshold) == 0
        && Objects.equals(openDuration, that.openDuration)
        && halfOpenProbes == that.halfOpenProbes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled,
        failureRateThreshold,
        minimumCalls,
        consecutiveFailures,
        slowCallThreshold,
        slowCallRateThreshold,
        openDuration,
        halfOpenProbes);
  }

  @Override
  public String toString() {
    return "CircuitSettings{"
        + "enabled="
        + enabled
        + ", failureRateThreshold="
        + failureRateThreshold
        + ", minimumCalls="
        + minimumCalls
        + ", consecutiveFailures="
        + consecutiveFailures
        + ", slowCallThreshold="
        + slowCallThreshold
        + ", slowCallRateThreshold="
        + slowCallRateThreshold
        + ", openDuration="
        + openDuration
        + ", halfOpenProbes="
        + halfOpenProbes
        + '}';
  }
}
