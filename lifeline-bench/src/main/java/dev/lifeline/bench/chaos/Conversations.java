package dev.lifeline.bench.chaos;

import java.time.Duration;

/**
 * The shape of a scenario whose requests are turns of conversations, each resending its history,
 * against providers with a prompt cache: a turn sent to the deployment that served the same
 * conversation within {@code cacheTtl} is billed at the deployment's cached-input price for the
 * prefix it has seen (the previous turn's prompt) and answers {@code cachedLatency} times as fast.
 * Immutable.
 *
 * @param turns turns per conversation, at least 2
 * @param gap the mean pause between a turn's arrival and the next one's (exponential), positive
 * @param turnTokens the tokens each turn adds to the conversation besides the previous answer (the
 *     user's new message), at least 1
 * @param cacheTtl how long a provider keeps a conversation's prefix cached after serving it
 * @param cachedLatency a cached turn's latency as a share of an uncached one's, in (0, 1]
 */
public record Conversations(
    int turns, Duration gap, int turnTokens, Duration cacheTtl, double cachedLatency) {

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException naming the field out of range
   */
  public Conversations {
    if (turns < 2 || turns > 1_000) {
      throw new IllegalArgumentException("turns must be in [2, 1000], was " + turns);
    }
    if (gap.isNegative() || gap.isZero()) {
      throw new IllegalArgumentException("gap must be positive, was " + gap);
    }
    if (turnTokens < 1) {
      throw new IllegalArgumentException("turnTokens must be at least 1, was " + turnTokens);
    }
    if (cacheTtl.isNegative() || cacheTtl.isZero()) {
      throw new IllegalArgumentException("cacheTtl must be positive, was " + cacheTtl);
    }
    if (!(cachedLatency > 0 && cachedLatency <= 1)) {
      throw new IllegalArgumentException("cachedLatency must be in (0, 1], was " + cachedLatency);
    }
  }
}
