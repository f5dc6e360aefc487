package dev.lifeline.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How long a {@link FakeLlmServer} waits before it sends the response headers: fixed, or drawn from
 * a seeded distribution.
 *
 * <p>A distribution owns its own {@link Random} seeded at creation, so the n-th draw is the same in
 * every run; draws are thread-safe (the order in which concurrent requests draw is, of course, up
 * to the scheduler). The wait is on the server's clock: real time by default (keep it to
 * milliseconds), virtual time when the server's ticker is a {@code VirtualClock}, where it ends
 * when the test advances the clock past it. A server that stops, or is {@linkplain
 * FakeLlmServer#reset() reset}, cuts every wait short.
 */
public final class Latency {

  /**
   * Caps a log-normal draw at this many medians: the tail exists to make a test realistic, not to
   * hang it.
   */
  static final int LOG_NORMAL_CAP_IN_MEDIANS = 100;

  private enum Shape {
    FIXED,
    UNIFORM,
    LOG_NORMAL
  }

  private final Shape shape;
  private final Duration first;
  private final Duration second;
  private final double sigma;
  private final long seed;
  private final Random random;

  private Latency(Shape shape, Duration first, Duration second, double sigma, long seed) {
    this.shape = shape;
    this.first = first;
    this.second = second;
    this.sigma = sigma;
    this.seed = seed;
    this.random = new Random(seed);
  }

  private static final Latency NONE = new Latency(Shape.FIXED, Duration.ZERO, Duration.ZERO, 0, 0);

  /** No wait at all: what a fault waits unless given a latency. */
  public static Latency none() {
    return NONE;
  }

  /** Whether this is {@link #none()}. */
  boolean isNone() {
    return this == NONE;
  }

  /**
   * Always {@code delay}.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Latency fixed(Duration delay) {
    requireNotNegative(delay, "delay");
    return new Latency(Shape.FIXED, delay, delay, 0, 0);
  }

  /**
   * Uniform between {@code min} and {@code max}, both included, drawn with a {@link Random} seeded
   * with {@code seed}.
   *
   * @throws IllegalArgumentException if {@code min} is negative or greater than {@code max}
   */
  public static Latency uniform(Duration min, Duration max, long seed) {
    requireNotNegative(min, "min");
    Objects.requireNonNull(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max must be at least min (" + min + ") but was " + max);
    }
    return new Latency(Shape.UNIFORM, min, max, 0, seed);
  }

  /**
   * Log-normal around {@code median} with shape {@code sigma} (0.5 is a mild tail, 1.0 a heavy
   * one), capped at 100 medians, drawn with a {@link Random} seeded with {@code seed}.
   *
   * @throws IllegalArgumentException if {@code median} is negative or {@code sigma} is negative or
   *     not finite
   */
  public static Latency logNormal(Duration median, double sigma, long seed) {
    requireNotNegative(median, "median");
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0 but was " + sigma);
    }
    return new Latency(Shape.LOG_NORMAL, median, median, sigma, seed);
  }

  /** The next wait. */
  public Duration draw() {
    switch (shape) {
      case FIXED:
        return first;
      case UNIFORM:
        {
          long min = first.toNanos();
          long span = second.toNanos() - min;
          long offset;
          synchronized (random) {
            offset = span == 0 ? 0 : (long) (random.nextDouble() * (span + 1));
          }
          return Duration.ofNanos(min + Math.min(offset, span));
        }
      case LOG_NORMAL:
        {
          double gaussian;
          synchronized (random) {
            gaussian = random.nextGaussian();
          }
          double factor = Math.min(Math.exp(sigma * gaussian), LOG_NORMAL_CAP_IN_MEDIANS);
          return Duration.ofNanos((long) (first.toNanos() * factor));
        }
      default:
        throw new AssertionError(shape);
    }
  }

  @Override
  public String toString() {
    switch (shape) {
      case FIXED:
        return "fixed(" + first + ")";
      case UNIFORM:
        return "uniform(" + first + ".." + second + ", seed " + seed + ")";
      default:
        return "logNormal(median " + first + ", sigma " + sigma + ", seed " + seed + ")";
    }
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + duration);
    }
  }
}
