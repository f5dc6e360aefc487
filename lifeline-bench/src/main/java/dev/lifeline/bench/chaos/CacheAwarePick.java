package dev.lifeline.bench.chaos;

import java.util.List;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The oracle's pick in a scenario with {@link Conversations}: a follow-up turn goes back to the
 * deployment that holds its conversation's prefix, whenever that one would answer it correctly now
 * with room in its quota; any other turn goes, among the deployments of the model the plain oracle
 * would pick that would answer correctly, to the one with the most room left in its quota, so that
 * the conversations it starts there can stay. Stateless.
 */
final class CacheAwarePick {

  private CacheAwarePick() {}

  /** The deployment {@code request} goes to at {@code nanos}, or -1 when none can answer it. */
  static int pick(
      FaultTimeline timeline,
      PromptCache cache,
      ProviderQuota quota,
      long nanos,
      SimRequest request,
      IntFunction<RandomGenerator> randomOf) {
    int warm = cache.warmDeployment(request.turn(), nanos);
    if (warm >= 0) {
      int pick =
          timeline.oraclePick(nanos, request, randomOf, d -> d == warm && !quota.full(d, nanos));
      if (pick >= 0) {
        return pick;
      }
    }
    int plain = timeline.oraclePick(nanos, request, randomOf, d -> !quota.full(d, nanos));
    if (plain < 0) {
      return -1;
    }
    List<DeploymentSpec> specs = timeline.scenario().deployments();
    String model = specs.get(plain).model();
    int best = plain;
    for (int d = 0; d < specs.size(); d++) {
      int candidate = d;
      if (d == plain
          || !specs.get(d).model().equals(model)
          || quota.used(d, nanos) >= quota.used(best, nanos)
          || timeline.oraclePick(
                  nanos, request, randomOf, e -> e == candidate && !quota.full(e, nanos))
              < 0) {
        continue;
      }
      best = d;
    }
    return best;
  }
}
