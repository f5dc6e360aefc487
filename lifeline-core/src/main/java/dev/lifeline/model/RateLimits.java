package dev.lifeline.model;

import java.time.Duration;

/**
 * What a provider said about the rate-limit budget left on a deployment, read from a successful
 * answer's headers ({@code x-ratelimit-*}, {@code anthropic-ratelimit-*}).
 *
 * @param remainingRequests requests left in the current window, or -1 when not said
 * @param limitRequests the window's request limit, or -1
 * @param remainingTokens tokens left in the current window, or -1 (Azure's -1 also means unknown)
 * @param limitTokens the window's token limit, or -1
 * @param resetRequests time until the request budget refills, or null
 * @param resetTokens time until the token budget refills, or null
 */
public record RateLimits(
    long remainingRequests,
    long limitRequests,
    long remainingTokens,
    long limitTokens,
    Duration resetRequests,
    Duration resetTokens) {

  /** Nothing known. */
  public static final RateLimits UNKNOWN = new RateLimits(-1, -1, -1, -1, null, null);

  /** Whether the provider said anything at all. */
  public boolean isKnown() {
    return remainingRequests >= 0 || remainingTokens >= 0;
  }

  /**
   * Whether the deployment is about to run dry: requests or tokens left are at most {@code
   * fraction} of the limit (or at most one request, or zero tokens, when the limit is not said).
   */
  public boolean isRunningDry(double fraction) {
    return low(remainingRequests, limitRequests, fraction, 1)
        || low(remainingTokens, limitTokens, fraction, 0);
  }

  private static boolean low(long remaining, long limit, double fraction, long floor) {
    if (remaining < 0) {
      return false;
    }
    return limit > 0
        ? remaining <= Math.max(floor, (long) Math.floor(limit * fraction))
        : remaining <= floor;
  }

  /** The longer of the two resets that apply, or null when none was said. */
  public Duration resetOfTheDryBudget(double fraction) {
    Duration requests = low(remainingRequests, limitRequests, fraction, 1) ? resetRequests : null;
    Duration tokens = low(remainingTokens, limitTokens, fraction, 0) ? resetTokens : null;
    if (requests == null) {
      return tokens;
    }
    return tokens == null || requests.compareTo(tokens) >= 0 ? requests : tokens;
  }
}
