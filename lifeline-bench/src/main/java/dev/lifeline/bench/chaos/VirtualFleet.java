package dev.lifeline.bench.chaos;

import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * A scenario's deployments as {@link SimulatedProvider}s on one {@link VirtualClock}, for one
 * strategy's run.
 */
final class VirtualFleet implements Fleet {

  private final FaultTimeline timeline;
  private final VirtualClock clock;
  private final CallLedger ledger;
  private final long seed;
  private final List<ProviderLadder> ladders;
  private final ProviderQuota quota;
  private final PromptCache cache; // null when the scenario has no conversations

  VirtualFleet(
      FaultTimeline timeline,
      VirtualClock clock,
      RequestStream stream,
      CallLedger ledger,
      long seed) {
    this.timeline = timeline;
    this.clock = clock;
    this.ledger = ledger;
    this.seed = seed;
    this.quota = new ProviderQuota(timeline.scenario().deployments());
    this.cache =
        timeline.scenario().conversations() == null
            ? null
            : new PromptCache(
                timeline.scenario().conversations(), timeline.scenario().deployments());
    this.ladders =
        ladders(
            timeline.scenario(),
            provider -> {
              Map<String, Integer> models = new LinkedHashMap<>();
              List<DeploymentSpec> specs = timeline.scenario().deployments();
              for (int d = 0; d < specs.size(); d++) {
                if (specs.get(d).provider().equals(provider)) {
                  models.put(specs.get(d).model(), d);
                }
              }
              return new SimulatedProvider(
                  provider, models, timeline, clock, stream, ledger, quota, cache, seed);
            });
  }

  /** The scenario's providers as ladders, in order, with providers made by {@code factory}. */
  static List<ProviderLadder> ladders(
      Scenario scenario,
      java.util.function.Function<String, dev.lifeline.provider.Provider> factory) {
    Map<String, ProviderLadder> ladders = new LinkedHashMap<>();
    for (DeploymentSpec spec : scenario.deployments()) {
      ProviderLadder ladder =
          ladders.computeIfAbsent(spec.provider(), name -> ProviderLadder.of(factory.apply(name)));
      ladders.put(spec.provider(), ladder.model(spec.toDeployment()));
    }
    return new ArrayList<>(ladders.values());
  }

  @Override
  public Scenario scenario() {
    return timeline.scenario();
  }

  @Override
  public List<ProviderLadder> ladders() {
    return ladders;
  }

  @Override
  public Ticker ticker() {
    return clock;
  }

  @Override
  public Scheduler scheduler() {
    return clock;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public int clairvoyantPick(SimRequest request) {
    long now = clock.nanos();
    IntFunction<RandomGenerator> randomOf =
        d -> FaultTimeline.callRandom(seed, request.index(), d, ledger.ordinal(request.index(), d));
    if (cache != null && request.turn() != null) {
      return CacheAwarePick.pick(timeline, cache, quota, now, request, randomOf);
    }
    return timeline.oraclePick(now, request, randomOf, d -> !quota.full(d, now));
  }
}
