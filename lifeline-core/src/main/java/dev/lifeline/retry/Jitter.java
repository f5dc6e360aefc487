package dev.lifeline.retry;

/**
 * How backoff delays are spread so that many clients failing together do not retry together.
 *
 * <p>See "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015): full jitter gives the
 * fewest collisions; decorrelated jitter keeps delays from collapsing to zero.
 */
public enum Jitter {
  /** No randomness: {@code min(max, base × 2^(n-1))}. For tests and simulations. */
  NONE,
  /** Uniform in {@code [0, min(max, base × 2^(n-1))]}. */
  FULL,
  /** Uniform in {@code [base, min(max, 3 × previous)]}, starting from {@code base}. */
  DECORRELATED
}
