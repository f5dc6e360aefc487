package dev.lifeline.bench.chaos;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays a scenario's request stream in virtual time over several Lifeline replicas (engines with
 * the default configuration) on one fleet of providers, each request going to the next replica in
 * turn, as a load balancer spreads a service's traffic. Without shared state each replica learns
 * alone, so a dead provider is paid for once per replica; with it, the replicas share one {@link
 * SharedStateHub}, and a hold (cooldown, open circuit) one replica learns reaches the others after
 * the staleness delay.
 */
public final class ReplicaRunner {

  /** The most replicas of a run. */
  public static final int MAX_REPLICAS = 64;

  /** The default staleness of shared state: the Redis store's near-cache bound. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);

  private ReplicaRunner() {}

  /**
   * Runs {@code requests} requests of {@code scenario}, drawn from {@code seed}, over {@code
   * replicas} engines.
   *
   * @param sharedState whether the engines share one state store
   * @param staleness how long a write to the shared store takes to reach the other replicas
   * @throws IllegalArgumentException if {@code replicas} is not between 1 and {@link
   *     #MAX_REPLICAS}, or {@code requests} not positive
   */
  public static ReplicaResult run(
      Scenario scenario,
      int requests,
      long seed,
      int replicas,
      boolean sharedState,
      Duration staleness) {
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException(
          "replicas must be between 1 and " + MAX_REPLICAS + ", was " + replicas);
    }
    RequestStream stream = RequestStream.generate(scenario, requests, seed);
    FaultTimeline timeline = new FaultTimeline(scenario);
    VirtualClock clock = new VirtualClock();
    CallLedger ledger = new CallLedger(stream.size(), scenario.deployments().size());
    Fleet fleet = new VirtualFleet(timeline, clock, stream, ledger, seed);
    SharedStateHub hub = sharedState ? new SharedStateHub(clock, staleness) : null;
    List<SelfHealingEngine> engines = new ArrayList<>();
    List<WriteBehindStateStore> stores = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      SelfHealingEngine.Builder builder =
          SelfHealingEngine.builder()
              .ticker(fleet.ticker())
              .scheduler(fleet.scheduler())
              .random(new SplittableRandom(seed + r))
              .learning(LearningSettings.defaults());
      fleet.ladders().forEach(builder::provider);
      if (hub != null) {
        WriteBehindStateStore store = WriteBehindStateStore.wrap(hub.replica());
        stores.add(store);
        builder.stateStore(store);
      }
      engines.add(builder.build());
    }
    Strategy.Caller caller =
        request -> {
          // The engines write their holds on a thread of their own; waiting for those writes here,
          // at each arrival, keeps a write's virtual time within one arrival of when it was made.
          stores.forEach(store -> store.flush(Duration.ofSeconds(5)));
          return engines.get(request.index() % replicas).callAsync(request.chat());
        };
    String name = "lifeline x" + replicas + (sharedState ? ", shared state" : ", each alone");
    Metrics metrics = new Metrics(stream);
    VirtualTimeRunner.scheduleArrival(0, clock, stream, caller, metrics, ProgressBar.NONE);
    clock.advance(scenario.duration().plus(VirtualTimeRunner.DRAIN));
    StrategyResult result = metrics.summarise(name, scenario, ledger, clock.nanos());
    for (WriteBehindStateStore store : stores) {
      store.close();
    }
    engines.forEach(SelfHealingEngine::close);
    return new ReplicaResult(
        replicas, sharedState, result, deadProviderCalls(scenario, ledger, stream));
  }

  /** Failed calls started on a deployment while an outage or a revoked key had it down. */
  static long deadProviderCalls(Scenario scenario, CallLedger ledger, RequestStream stream) {
    List<FaultProcess> dead =
        scenario.faults().stream()
            .filter(f -> f instanceof FaultProcess.Outage || f instanceof FaultProcess.RevokedKey)
            .toList();
    long count = 0;
    for (SimRequest request : stream.requests()) {
      for (CallLedger.Call call : ledger.calls(request.index())) {
        if (call.correct()) {
          continue;
        }
        DeploymentSpec spec = scenario.deployments().get(call.deployment());
        for (FaultProcess fault : dead) {
          if (fault.activeAt(call.startNanos()) && spec.matches(fault.target())) {
            count++;
            break;
          }
        }
      }
    }
    return count;
  }
}
