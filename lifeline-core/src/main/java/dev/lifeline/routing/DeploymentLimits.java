package dev.lifeline.routing;

/**
 * Client-side limits of one deployment, kept by the engine so that its provider never has to answer
 * 429: requests per minute, tokens per minute (the prompt's estimate when the call starts,
 * corrected by the usage its answer reports) and calls in flight at once. Zero means no limit.
 *
 * <p>Minutes are sliding windows: no 60 seconds ever hold more than the limit. With a state store
 * that offers {@link dev.lifeline.state.SharedLimits} (Redis), requests and tokens per minute hold
 * for every replica together, counted as the store counts them, and so do calls in flight when the
 * store also holds slots ({@link dev.lifeline.state.SharedLimits#tryEnter}). Immutable.
 *
 * @param requestsPerMinute requests started in any 60 s, or 0 for no limit
 * @param tokensPerMinute tokens in any 60 s, or 0 for no limit
 * @param maxConcurrent calls in flight at once, or 0 for no limit
 */
public record DeploymentLimits(int requestsPerMinute, long tokensPerMinute, int maxConcurrent) {

  /** No limit at all. */
  public static final DeploymentLimits NONE = new DeploymentLimits(0, 0, 0);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if {@code requestsPerMinute} is not in [0, 10,000,000], {@code
   *     tokensPerMinute} not in [0, 10^12] or {@code maxConcurrent} not in [0, 1,000,000]
   */
  public DeploymentLimits {
    if (requestsPerMinute < 0 || requestsPerMinute > 10_000_000) {
      throw new IllegalArgumentException(
          "requestsPerMinute must be in [0, 10000000], was " + requestsPerMinute);
    }
    if (tokensPerMinute < 0 || tokensPerMinute > 1_000_000_000_000L) {
      throw new IllegalArgumentException(
          "tokensPerMinute must be in [0, 1000000000000], was " + tokensPerMinute);
    }
    if (maxConcurrent < 0 || maxConcurrent > 1_000_000) {
      throw new IllegalArgumentException(
          "maxConcurrent must be in [0, 1000000], was " + maxConcurrent);
    }
  }

  /** Whether any limit is set. */
  public boolean isLimited() {
    return requestsPerMinute > 0 || tokensPerMinute > 0 || maxConcurrent > 0;
  }
}
