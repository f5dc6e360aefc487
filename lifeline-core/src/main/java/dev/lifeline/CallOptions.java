package dev.lifeline;

import dev.lifeline.routing.FallbackStrategy;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.validation.ResponseValidator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for one call that override the engine's defaults.
 *
 * @param deadline the whole cascade's time budget, in (0, {@link #MAX_DEADLINE}], or null for the
 *     engine's default
 * @param strategy the layers this call may use, or null for the engine's default
 * @param validators the validators for this call's answers, or null for the engine's
 * @param bestEffort when every answer fails validation, return the best one seen (its trace shows every
 *     verdict) instead of throwing
 */
public record CallOptions(
    Duration deadline, FallbackStrategy strategy, List<ResponseValidator> validators, boolean bestEffort) {

  /**
   * The longest deadline a call may have: 24 hours. No LLM call is worth waiting a day for, and a
   * bounded deadline keeps every sum of ticker time and deadline far from overflowing.
   */
  public static final Duration MAX_DEADLINE = Duration.ofHours(24);

  /** Options that override nothing. */
  public static final CallOptions DEFAULTS = new CallOptions(null, null, null, false);

  /**
   * Checks the deadline.
   *
   * @throws IllegalArgumentException if the deadline is not in (0, {@link #MAX_DEADLINE}]
   */
  public CallOptions {
    if (deadline != null) {
      Durations.requirePositiveAtMost("deadline", deadline, MAX_DEADLINE);
    }
    validators = validators == null ? null : List.copyOf(validators);
  }

  /** Options with only a strategy. */
  public static CallOptions of(FallbackStrategy strategy) {
    return new CallOptions(null, Objects.requireNonNull(strategy, "strategy"), null, false);
  }

  /** Options with only a deadline. */
  public static CallOptions withDeadline(Duration deadline) {
    return new CallOptions(Objects.requireNonNull(deadline, "deadline"), null, null, false);
  }

  /** These options with {@code deadline}. */
  public CallOptions deadline(Duration deadline) {
    return new CallOptions(deadline, strategy, validators, bestEffort);
  }

  /** These options with {@code strategy}. */
  public CallOptions strategy(FallbackStrategy strategy) {
    return new CallOptions(deadline, strategy, validators, bestEffort);
  }

  /** These options with {@code validators} instead of the engine's; an empty list validates nothing. */
  public CallOptions validators(List<ResponseValidator> validators) {
    return new CallOptions(deadline, strategy, Objects.requireNonNull(validators, "validators"), bestEffort);
  }

  /** These options with best effort on or off; see {@link #bestEffort()}. */
  public CallOptions bestEffort(boolean bestEffort) {
    return new CallOptions(deadline, strategy, validators, bestEffort);
  }

  /** The validators, if set. */
  public Optional<List<ResponseValidator>> validatorsIfSet() {
    return Optional.ofNullable(validators);
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
