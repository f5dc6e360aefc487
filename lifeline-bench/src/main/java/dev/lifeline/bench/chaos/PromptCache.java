package dev.lifeline.bench.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers' prompt caches in a run of a scenario with {@link Conversations}: which deployment
 * served which turn of which conversation when. Caches hold prefixes: a deployment that served turn
 * {@code j} of a conversation within the cache's lifetime holds that turn's prompt, which every
 * later turn begins with, and bills those tokens at its cached-input price. It is a hit when that
 * prefix is the whole history before the new message (the deployment served the previous turn): the
 * answer comes sooner too. A deployment that never saw the conversation bills it all. One per run,
 * on its clock's thread only (virtual time); not thread-safe.
 */
final class PromptCache {

  private final Conversations conversations;
  private final List<DeploymentSpec> specs;

  /** By conversation, by deployment: the last turn of it served there. */
  private final Map<Integer, Map<Integer, Entry>> served = new HashMap<>();

  /** The caches of {@code specs}, for conversations shaped as {@code conversations} says. */
  PromptCache(Conversations conversations, List<DeploymentSpec> specs) {
    this.conversations = conversations;
    this.specs = List.copyOf(specs);
  }

  /**
   * Whether deployment {@code d} holds {@code turn}'s whole history (the previous turn's prompt) at
   * {@code nanos}.
   */
  boolean warm(ConversationTurn turn, int d, long nanos) {
    Entry entry = cached(turn, d, nanos);
    return entry != null && entry.turn() >= turn.number() - 1;
  }

  /**
   * The latest turn of {@code turn}'s conversation {@code d} still holds at {@code nanos}, or null.
   */
  private Entry cached(ConversationTurn turn, int d, long nanos) {
    if (!turn.followUp()) {
      return null;
    }
    Entry entry = served.getOrDefault(turn.conversation(), Map.of()).get(d);
    return entry != null && nanos - entry.nanos() <= conversations.cacheTtl().toNanos()
        ? entry
        : null;
  }

  /** The deployment holding {@code turn}'s prefix at {@code nanos} (served it last), or -1. */
  int warmDeployment(ConversationTurn turn, long nanos) {
    int best = -1;
    long latest = Long.MIN_VALUE;
    for (Map.Entry<Integer, Entry> entry :
        served.getOrDefault(turn.conversation(), Map.of()).entrySet()) {
      if (entry.getValue().nanos() > latest && warm(turn, entry.getKey(), nanos)) {
        best = entry.getKey();
        latest = entry.getValue().nanos();
      }
    }
    return best;
  }

  /**
   * The outcome of sending {@code request} to deployment {@code d} at {@code nanos}, given that it
   * would be {@code drawn} without a cache: an answer costs less by the prefix {@code d} holds, and
   * comes sooner on a hit. An answered call (re)fills {@code d}'s cache.
   *
   * @return the outcome, and whether the cache served it
   */
  Served serve(int d, long nanos, SimRequest request, CallOutcome drawn) {
    ConversationTurn turn = request.turn();
    if (turn == null || !drawn.answered()) {
      return new Served(drawn, false);
    }
    Entry prefix = cached(turn, d, nanos);
    boolean hit = warm(turn, d, nanos);
    Map<Integer, Entry> byDeployment =
        served.computeIfAbsent(turn.conversation(), c -> new HashMap<>(4));
    if (prefix == null || prefix.turn() <= turn.number()) {
      byDeployment.put(d, new Entry(turn.number(), request.promptTokens(), nanos));
    }
    if (prefix == null) {
      return new Served(drawn, false);
    }
    DeploymentSpec spec = specs.get(d);
    int tokens = Math.min(prefix.promptTokens(), request.promptTokens());
    double saved = tokens * (spec.inputPrice() - spec.cachedInputPrice()) / 1_000_000.0;
    long latency =
        hit
            ? Math.max(1, Math.round(drawn.latencyNanos() * conversations.cachedLatency()))
            : drawn.latencyNanos();
    return new Served(
        new CallOutcome(drawn.kind(), latency, drawn.failure(), Math.max(0, drawn.cost() - saved)),
        hit);
  }

  /** A turn a deployment served: its number, its prompt's size, when. */
  private record Entry(int turn, int promptTokens, long nanos) {}

  /**
   * What a call did with the cache.
   *
   * @param outcome the call's outcome, discounted and sped up when the cache served it
   * @param hit whether the cache served it
   */
  record Served(CallOutcome outcome, boolean hit) {}
}
