package dev.lifeline.internal.retry;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.retry.Jitter;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: how long to wait before the n-th retry when the provider said
 * nothing.
 *
 * <p>Immutable and thread-safe; the random source is passed in so that callers decide how it is
 * shared.
 *
 * @param base the first delay's ceiling, positive, at most {@link #MAX_DELAY}
 * @param max the largest delay, at least {@code base}, at most {@link #MAX_DELAY}
 * @param jitter how delays are spread
 */
public record Backoff(Duration base, Duration max, Jitter jitter) {

  /**
   * The longest delay a backoff may be configured with: {@link Durations#MAX_CONFIGURED}, 24 hours,
   * the longest deadline a call may have; a longer wait could never end inside a call.
   */
  public static final Duration MAX_DELAY = Durations.MAX_CONFIGURED;

  /**
   * Largest exponent applied to {@code base}; 2^30 × any sane base already exceeds any sane max.
   */
  private static final int MAX_EXPONENT = 30;

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if {@code base} or {@code max} is not in (0, {@link
   *     #MAX_DELAY}], or {@code max} is below {@code base}
   */
  public Backoff {
    Durations.requirePositiveAtMost("base delay", base, MAX_DELAY);
    Durations.requirePositiveAtMost("max delay", max, MAX_DELAY);
    Objects.requireNonNull(jitter, "jitter");
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("max delay " + max + " must be >= base delay " + base);
    }
  }

  /**
   * The delay before retry number {@code retry}.
   *
   * @param retry 1 for the first retry, 2 for the second, ...
   * @param previous the delay before the previous retry, or null for the first; used by
   *     decorrelated jitter only; any length (it saturates, and the result stays within {@code
   *     max})
   * @param random the random source
   * @return a delay in {@code [0, max]}; in {@code [base, max]} for decorrelated jitter
   * @throws IllegalArgumentException if {@code retry} is less than 1
   */
  public Duration delay(int retry, Duration previous, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, was " + retry);
    }
    long baseNanos = base.toNanos();
    long maxNanos = max.toNanos();
    switch (jitter) {
      case NONE:
        return Duration.ofNanos(exponential(baseNanos, maxNanos, retry));
      case FULL:
        return Duration.ofNanos(uniform(random, 0, exponential(baseNanos, maxNanos, retry)));
      case DECORRELATED:
        long last =
            previous == null
                ? baseNanos
                : Math.max(baseNanos, Durations.toNanosSaturated(previous));
        long ceiling = last > maxNanos / 3 ? maxNanos : Math.min(maxNanos, last * 3);
        return Duration.ofNanos(uniform(random, baseNanos, ceiling));
      default:
        throw new AssertionError(jitter);
    }
  }

  private static long exponential(long baseNanos, long maxNanos, int retry) {
    int exponent = Math.min(retry - 1, MAX_EXPONENT);
    long factor = 1L << exponent;
    return baseNanos > maxNanos / factor ? maxNanos : Math.min(maxNanos, baseNanos * factor);
  }

  private static long uniform(RandomGenerator random, long low, long high) {
    return high <= low ? low : random.nextLong(low, high + 1);
  }
}
