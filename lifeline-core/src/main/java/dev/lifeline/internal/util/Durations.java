package dev.lifeline.internal.util;

import java.time.Duration;
import java.util.Objects;

/**
 * Time arithmetic that saturates instead of throwing, and the one range check of durations. Not
 * API.
 *
 * <p>{@link Duration} spans about 292 billion years but {@link Duration#toNanos()} only about 292
 * years, and {@code toNanos}, {@code plus} and {@link Math#addExact} throw {@link
 * ArithmeticException} past that. A wait, reset, cooldown or deadline that comes from a provider or
 * a user may be anything, so every conversion of such a value to ticker nanoseconds goes through
 * here: a value too large becomes {@link Long#MAX_VALUE}, too small {@link Long#MIN_VALUE}, and the
 * caller's own clamp gives it meaning. Stateless and thread-safe.
 */
public final class Durations {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  // Long.MAX_VALUE nanos is 9_223_372_036 s and 854_775_807 ns; one second less always fits.
  private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
  private static final long MAX_NANO_AT_MAX_SECONDS = Long.MAX_VALUE % NANOS_PER_SECOND;

  /**
   * The longest wait a provider can impose: 30 days. Anything longer is as good as "not before the
   * next billing period", and a bounded value keeps arithmetic on deadlines from overflowing.
   */
  public static final Duration MAX_PROVIDER_WAIT = Duration.ofDays(30);

  /**
   * The longest delay or deadline a user may configure: 24 hours; a longer wait could never end
   * inside a call.
   */
  public static final Duration MAX_CONFIGURED = Duration.ofHours(24);

  private Durations() {}

  /**
   * {@code duration} in nanoseconds, saturated: {@link Long#MAX_VALUE} when it is longer than about
   * 292 years, {@link Long#MIN_VALUE} when it is more negative. Never throws.
   *
   * @param duration any duration, not null
   */
  public static long toNanosSaturated(Duration duration) {
    long seconds = duration.getSeconds();
    int nano = duration.getNano(); // always in [0, 999_999_999], also for negative durations
    if (seconds > MAX_SECONDS || (seconds == MAX_SECONDS && nano > MAX_NANO_AT_MAX_SECONDS)) {
      return Long.MAX_VALUE;
    }
    if (seconds < -MAX_SECONDS - 1) {
      return Long.MIN_VALUE;
    }
    if (seconds == -MAX_SECONDS - 1) {
      // -9_223_372_037 s alone is below Long.MIN_VALUE, but with its positive nano part it may not
      // be:
      // count one second less and the nano part as negative, then add with saturation.
      return saturatedAdd((seconds + 1) * NANOS_PER_SECOND, nano - NANOS_PER_SECOND);
    }
    return seconds * NANOS_PER_SECOND + nano;
  }

  /** {@code duration} in milliseconds, saturated like {@link #toNanosSaturated}. Never throws. */
  public static long toMillisSaturated(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds >= Long.MAX_VALUE / 1_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000L + duration.getNano() / 1_000_000;
  }

  /** {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when the sum overflows. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow happened exactly when both operands have the sign the sum lacks (Hacker's Delight
    // 2-13).
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /**
   * {@code value} moved into {@code [min, max]}.
   *
   * @throws IllegalArgumentException if {@code min} is after {@code max}
   */
  public static Duration clamp(Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, "value");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("min " + min + " must be <= max " + max);
    }
    if (value.compareTo(min) < 0) {
      return min;
    }
    return value.compareTo(max) > 0 ? max : value;
  }

  /**
   * Checks a user-supplied duration that must be positive and at most {@code max}: a deadline, a
   * timeout, a backoff delay.
   *
   * @param name the argument's name, for the message
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException naming the argument, its value and the range when out of it
   */
  public static Duration requirePositiveAtMost(String name, Duration value, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be positive and at most " + max + ", was " + value);
    }
    return value;
  }
}
