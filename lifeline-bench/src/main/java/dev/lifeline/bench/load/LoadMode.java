package dev.lifeline.bench.load;

import java.time.Duration;

/**
 * One way of loading the server: {@code concurrency} caller threads, each making blocking calls one
 * after another, until {@code calls} calls are made (when {@code calls > 0}) or for {@code
 * duration}; streamed or not.
 *
 * @param name the label in the tables, e.g. "sequential" or "c16"
 * @param concurrency caller threads, at least 1
 * @param calls calls in total over every round, or 0 to run for {@code duration}
 * @param duration how long to run over every round when {@code calls} is 0
 * @param streaming whether each call is a streamed one
 */
public record LoadMode(
    String name, int concurrency, long calls, Duration duration, boolean streaming) {

  /** Checks the ranges. */
  public LoadMode {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    if (calls < 0) {
      throw new IllegalArgumentException("calls must be >= 0, got " + calls);
    }
    if (calls == 0 && (duration == null || duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("a mode without calls needs a positive duration");
    }
  }

  /** How much of the mode one of {@code rounds} rounds runs: its share of calls or of time. */
  LoadMode slice(int rounds) {
    return calls > 0
        ? new LoadMode(name, concurrency, Math.max(1, calls / rounds), duration, streaming)
        : new LoadMode(name, concurrency, 0, duration.dividedBy(rounds), streaming);
  }
}
