package dev.lifeline.internal;

import java.time.Duration;

/** Time arithmetic that saturates instead of throwing, for values a provider or a user may make absurd. Not API. */
public final class Durations {

  private Durations() {}

  /** {@code duration} in nanoseconds, saturated to the long range (about 292 years either way). */
  public static long toNanosSaturated(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + duration.getNano();
  }

  /** {@code duration} in milliseconds, saturated to the long range. */
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

  /** {@code a + b}, saturated to the long range. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
