package dev.lifeline.model;

import java.util.Objects;

/**
 * What to do about one kind of failure: retry the same deployment up to a number of times, then
 * move on.
 *
 * @param maxRetries how many times to retry the same deployment before {@code then}; the retry
 *     policy's own limit still applies. Use {@link #POLICY_RETRIES} for "as many as the retry
 *     policy allows".
 * @param then what to do when the retries are used up (never {@link Remedy#RETRY})
 */
public record RemedyRule(int maxRetries, Remedy then) {

  /** A {@code maxRetries} meaning "as many as the retry policy allows". */
  public static final int POLICY_RETRIES = Integer.MAX_VALUE;

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException if {@code maxRetries} is negative or {@code then} is RETRY
   */
  public RemedyRule {
    Objects.requireNonNull(then, "then");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    if (then == Remedy.RETRY) {
      throw new IllegalArgumentException("'then' is what follows the retries; it cannot be RETRY");
    }
  }

  /** Retry as often as the policy allows, then {@code then}. */
  public static RemedyRule retryThen(Remedy then) {
    return new RemedyRule(POLICY_RETRIES, then);
  }

  /** Retry at most {@code retries} times, then {@code then}. */
  public static RemedyRule retryThen(int retries, Remedy then) {
    return new RemedyRule(retries, then);
  }

  /** No retry: {@code remedy} at once. */
  public static RemedyRule immediately(Remedy remedy) {
    return new RemedyRule(0, remedy);
  }
}
