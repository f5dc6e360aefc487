package dev.lifeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for one call that override the engine's defaults.
 *
 * @param deadline the whole cascade's time budget, or null for the engine's default
 * @param strategy the layers this call may use, or null for the engine's default
 */
public record CallOptions(Duration deadline, FallbackStrategy strategy) {

  /** Options that override nothing. */
  public static final CallOptions DEFAULTS = new CallOptions(null, null);

  /**
   * Checks the deadline.
   *
   * @throws IllegalArgumentException if the deadline is zero or negative
   */
  public CallOptions {
    if (deadline != null && (deadline.isZero() || deadline.isNegative())) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
  }

  /** Options with only a strategy. */
  public static CallOptions of(FallbackStrategy strategy) {
    return new CallOptions(null, Objects.requireNonNull(strategy, "strategy"));
  }

  /** Options with only a deadline. */
  public static CallOptions withDeadline(Duration deadline) {
    return new CallOptions(Objects.requireNonNull(deadline, "deadline"), null);
  }

  /** These options with {@code deadline}. */
  public CallOptions deadline(Duration deadline) {
    return new CallOptions(deadline, strategy);
  }

  /** These options with {@code strategy}. */
  public CallOptions strategy(FallbackStrategy strategy) {
    return new CallOptions(deadline, strategy);
  }

  /** The deadline, if set. */
  public Optional<Duration> deadlineIfSet() {
    return Optional.ofNullable(deadline);
  }

  /** The strategy, if set. */
  public Optional<FallbackStrategy> strategyIfSet() {
    return Optional.ofNullable(strategy);
  }
}
