package dev.lifeline;

import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.internal.routing.Balancer;
import dev.lifeline.internal.routing.DeploymentGate;
import dev.lifeline.internal.routing.LimitCounters;
import dev.lifeline.internal.routing.SessionAffinity;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.routing.RoutingRule;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The engine's load-spreading settings as the builder collects them: deployment groups, client-side
 * limits and what to do at them, routing rules and session affinity. Mutable, not thread-safe. Not
 * API.
 */
final class BalancingSpec {

  /** Sessions remembered by default: a busy service's conversations of the last hour. */
  static final int DEFAULT_MAX_SESSIONS = 100_000;

  /** How long a session is remembered unused by default: a provider's prompt cache lasts less. */
  static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);

  final List<DeploymentGroup> groups = new ArrayList<>();
  final Map<String, DeploymentLimits> limits = new LinkedHashMap<>();
  final List<RoutingRule> rules = new ArrayList<>();
  LimitPolicy policy = LimitPolicy.WAIT;
  int maxSessions = DEFAULT_MAX_SESSIONS;
  Duration sessionTtl = DEFAULT_SESSION_TTL;

  /**
   * The balancer of an engine over {@code ladders} and {@code embeddings} (embedding deployments
   * may have limits, as their calls pass the same gate, not groups), counting limits with {@code
   * shared} for the fleet when not null.
   *
   * @throws IllegalStateException if a group member is on no chat ladder, a limited deployment on
   *     no ladder, or a deployment is in two groups
   */
  Balancer build(
      List<ProviderLadder> ladders,
      List<EmbeddingLadder> embeddings,
      Ticker ticker,
      RandomGenerator random,
      SharedLimits shared) {
    Set<String> known = new HashSet<>();
    ladders.forEach(ladder -> ladder.deployments().forEach(d -> known.add(d.id())));
    Set<String> limitable = new HashSet<>(known);
    embeddings.forEach(ladder -> ladder.deployments().forEach(d -> limitable.add(d.id())));
    List<String> watched = new ArrayList<>();
    for (DeploymentGroup group : groups) {
      for (String member : group.members()) {
        requireKnown(known, member, "group '" + group.name() + "'");
        watched.add(member);
      }
    }
    limits.keySet().forEach(id -> requireKnown(limitable, id, "limits"));
    LimitCounters counters =
        shared == null ? LimitCounters.inMemory(ticker) : LimitCounters.fleet(shared, ticker);
    DeploymentGate gate = new DeploymentGate(limits, watched, counters, shared, ticker);
    try {
      return new Balancer(
          groups, gate, policy, new SessionAffinity(ticker, maxSessions, sessionTtl), random);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Checks the bounds of session affinity.
   *
   * @throws IllegalArgumentException if {@code maxSessions} is not in [1, 10,000,000] or {@code
   *     ttl} is not positive
   */
  static void checkSessions(int maxSessions, Duration ttl) {
    SessionAffinity.check(maxSessions, ttl);
  }

  private static void requireKnown(Set<String> known, String id, String where) {
    if (!known.contains(id)) {
      throw new IllegalStateException(
          where + " names " + id + ", which is no deployment of the engine's providers " + known);
    }
  }
}
