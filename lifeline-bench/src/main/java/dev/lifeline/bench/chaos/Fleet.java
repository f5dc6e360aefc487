package dev.lifeline.bench.chaos;

import dev.lifeline.model.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.util.List;

/**
 * What a {@link Strategy} is given to work with: the scenario's providers, a clock and scheduler to
 * wait on (virtual or real), and a seed for its own randomness. Every provider call through it is
 * recorded in the run's {@link CallLedger}.
 */
public interface Fleet {

  /** The scenario being played. */
  Scenario scenario();

  /**
   * The providers in failover order, each with its models (with context window and prices) best
   * first.
   */
  List<ProviderLadder> ladders();

  /** Every deployment, in the scenario's order (the index used by {@link #clairvoyantPick}). */
  default List<Deployment> deployments() {
    return ladders().stream().flatMap(ladder -> ladder.deployments().stream()).toList();
  }

  /** The provider called {@code name}. */
  default Provider provider(String name) {
    return ladders().stream()
        .map(ProviderLadder::provider)
        .filter(provider -> provider.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no provider " + name));
  }

  /** The clock: virtual in the virtual-time runner, real (possibly sped up) over HTTP. */
  Ticker ticker();

  /** Where waits are scheduled, on the same time as {@link #ticker()}. */
  Scheduler scheduler();

  /** The run's seed, for a strategy's own randomness (jitter). */
  long seed();

  /**
   * For the oracle only: the index of the deployment that would answer {@code request} correctly
   * and, by what the faults do to latency, soonest if called now (see {@link
   * FaultTimeline#oraclePick}), or -1 when none would. Exact in virtual time; over HTTP, from the
   * fault timeline without the servers' random draws.
   */
  int clairvoyantPick(SimRequest request);
}
