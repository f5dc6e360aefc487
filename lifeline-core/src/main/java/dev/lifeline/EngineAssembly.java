package dev.lifeline;

import dev.lifeline.internal.health.GuardedListener;
import dev.lifeline.internal.health.HealthPersistence;
import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.health.ProbeVerdicts;
import dev.lifeline.internal.health.RetryBudget;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.internal.routing.Balancer;
import dev.lifeline.internal.routing.Router;
import dev.lifeline.internal.state.FailSafeStateStore;
import dev.lifeline.internal.state.StoreLayers;
import dev.lifeline.internal.state.WriteBehindStateStore;
import dev.lifeline.internal.util.EngineWorkers;
import dev.lifeline.internal.util.LockedRandom;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Scheduler;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * What an engine is made of, wired from its {@link EngineSpec}: the workers, the providers bound to
 * the engine's runtime, the state store's write-behind queue, health, playbook, the {@link
 * CascadeSettings} every call shares and the {@link CallPlanner} with the engine's defaults; and
 * the resources {@link #close()} releases. Not API.
 */
final class EngineAssembly {
  private final List<ProviderLadder> ladders;
  private final CascadeSettings settings;
  private final CallPlanner planner;
  private final ProviderRuntime runtime;

  /** What {@link #close()} closes, in reverse order of registration (the workers last). */
  private final List<AutoCloseable> resources = new ArrayList<>();

  private EngineAssembly(EngineSpec spec) {
    EngineWorkers workers = new EngineWorkers(EngineWorkers.defaultThreads());
    resources.add(workers);
    // The shared timer only hands tasks to our workers; a scheduler of the user's runs them its own
    // way.
    Scheduler scheduler =
        spec.scheduler == Scheduler.system() ? Scheduler.system(workers) : spec.scheduler;
    this.runtime = ProviderRuntime.of(spec.ticker, scheduler, workers);
    LockedRandom random = new LockedRandom(spec.random);
    Balancer balancer;
    try {
      this.ladders = bind(spec.ladders, runtime, resources);
      // A store shared by the fleet counts client-side limits for all replicas together.
      SharedLimits shared =
          spec.store == null ? null : StoreLayers.sharedLimits(spec.store).orElse(null);
      balancer = spec.balancing.build(ladders, spec.embeddings, spec.ticker, random, shared);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    Map<String, Provider> providers = new LinkedHashMap<>();
    ladders.forEach(ladder -> providers.put(ladder.provider().name(), ladder.provider()));
    List<EngineListener> listeners = new ArrayList<>(spec.listeners);
    // Writes leave the call path: learned in memory at once, persisted on the store's writer
    // thread.
    // A store the caller made write-behind is used as it is (the caller flushes and closes it).
    WriteBehindStateStore store =
        spec.store == null
            ? null
            : spec.store instanceof WriteBehindStateStore
                ? (WriteBehindStateStore) spec.store
                : WriteBehindStateStore.wrap(FailSafeStateStore.wrap(spec.store));
    if (store != null && store != spec.store) {
      // The engine's own queue: close() drains it, with a bounded wait, before the workers stop.
      resources.add(() -> store.shutdown(Duration.ofSeconds(5)));
    }
    HealthPersistence persistence = store == null ? null : new HealthPersistence(store);
    if (persistence != null) {
      listeners.add(persistence);
    }
    ProbeCoordinator probes =
        spec.store == null ? null : StoreLayers.probeCoordinator(spec.store).orElse(null);
    if (probes != null) {
      listeners.add(new ProbeVerdicts(probes, spec.ticker, spec.health.circuit().openDuration()));
    }
    GuardedListener listener = new GuardedListener(listeners);
    HealthTracker health = HealthTracker.create(spec.health, spec.ticker, listener);
    if (probes != null) {
      health.coordinateProbes(probes);
    }
    // Every start-up read before the first write: a store's writer busy on a locked file could hold
    // up
    // a read on the same connection.
    PlaybookMemory playbook =
        store == null
            ? PlaybookMemory.inMemory(spec.learning, spec.ticker)
            : PlaybookMemory.create(spec.learning, spec.ticker, store);
    if (persistence != null) {
      persistence.attach(health);
      // A store shared by several engines tells this one what the others learn while it runs.
      store.watch(HealthPersistence.NAMESPACE, persistence::shared);
    }
    this.settings =
        new CascadeSettings(
            providers,
            spec.retryPolicy,
            spec.attemptTimeout,
            spec.remedies,
            spec.ticker,
            scheduler,
            random,
            listener,
            new SecretScrubber(
                ladders.stream()
                    .flatMap(ladder -> ladder.provider().credentials().stream())
                    .map(ApiKey::reveal)
                    .toList()),
            health,
            RetryBudget.create(spec.health, spec.ticker, listener),
            Router.of(health),
            spec.routing,
            playbook,
            spec.scheduler == Scheduler.system() ? workers.orInline() : Runnable::run,
            spec.hedging,
            new HedgeBudget(),
            balancer);
    this.planner =
        new CallPlanner(
            settings, ladders, spec.strategy, spec.deadline, spec.validators, spec.balancing.rules);
  }

  /**
   * Wires an engine from {@code spec}; what it started is closed again if wiring fails.
   *
   * @throws IllegalStateException if a provider renamed itself when bound
   */
  static EngineAssembly of(EngineSpec spec) {
    return new EngineAssembly(spec);
  }

  /** The ladders, each with its provider bound to the engine's runtime. */
  List<ProviderLadder> ladders() {
    return ladders;
  }

  /** What every call shares. */
  CascadeSettings settings() {
    return settings;
  }

  /** What turns each call's request and options into its spec. */
  CallPlanner planner() {
    return planner;
  }

  /**
   * {@code provider}, used beyond the ladders (by an embedding ladder), bound to the engine's
   * runtime; a copy made here is closed with the engine.
   *
   * @throws IllegalStateException if the provider renamed itself when bound
   */
  Provider bind(Provider provider) {
    Provider copy =
        Objects.requireNonNull(
            provider.bind(runtime), () -> provider.name() + ".bind returned null");
    if (copy != provider) {
      resources.add(copy);
      if (!provider.name().equals(copy.name())) {
        throw new IllegalStateException(
            "provider '"
                + provider.name()
                + "' renamed itself when bound; bind must keep the name");
      }
    }
    return copy;
  }

  /**
   * Each ladder with its provider bound to {@code runtime}; a bound copy the engine made (not the
   * provider itself) is registered in {@code resources} to be closed with the engine.
   */
  private static List<ProviderLadder> bind(
      List<ProviderLadder> ladders, ProviderRuntime runtime, List<AutoCloseable> resources) {
    List<ProviderLadder> bound = new ArrayList<>();
    for (ProviderLadder ladder : ladders) {
      Provider original = ladder.provider();
      Provider copy =
          Objects.requireNonNull(
              original.bind(runtime), () -> original.name() + ".bind returned null");
      if (copy == original) {
        bound.add(ladder);
        continue;
      }
      resources.add(copy);
      if (!original.name().equals(copy.name())) {
        throw new IllegalStateException(
            "provider '"
                + original.name()
                + "' renamed itself to '"
                + copy.name()
                + "' when bound; bind must keep the name");
      }
      ProviderLadder same = ProviderLadder.of(copy);
      for (Deployment deployment : ladder.deployments()) {
        same =
            same.model(
                deployment); // the same deployments: they name the provider, not the instance
      }
      bound.add(same);
    }
    return List.copyOf(bound);
  }

  /**
   * Closes what the engine made, in reverse order: the write-behind queue, the bound provider
   * copies, then the workers. Not idempotent: the engine calls it once.
   */
  void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // One resource that fails to close must not keep the others open.
        LoggerFactory.getLogger(SelfHealingEngine.class)
            .warn("could not close {}: {}", resources.get(i), e.toString());
      }
    }
  }
}
