package dev.lifeline;

/**
 * The engine's hedge budget: every attempt that could be hedged earns its policy's {@link
 * dev.lifeline.retry.HedgePolicy#budget() share} of a hedge, and a hedge spends one whole. It
 * starts empty and holds at most {@link #MAX_SAVED} hedges, so that over any run of attempts the
 * hedges are at most the share of them (plus what a quiet spell saved), never a burst that doubles
 * the load. Thread-safe. Not API.
 */
final class HedgeBudget {

  /** The most hedges a quiet spell can save up. */
  static final int MAX_SAVED = 10;

  /** Counted in millionths of a hedge, so that twenty earnings of 0.05 make exactly one. */
  private static final long ONE = 1_000_000;

  // Guarded by this.
  private long saved;

  /** An attempt that could be hedged, under a policy of {@code share}, started. */
  synchronized void earn(double share) {
    saved = Math.min(MAX_SAVED * ONE, saved + Math.round(share * ONE));
  }

  /** Takes one hedge; false when the budget has none. */
  synchronized boolean trySpend() {
    if (saved < ONE) {
      return false;
    }
    saved -= ONE;
    return true;
  }
}
