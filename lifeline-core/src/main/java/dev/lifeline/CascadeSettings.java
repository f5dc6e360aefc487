package dev.lifeline;

import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.health.RetryBudget;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.internal.routing.Balancer;
import dev.lifeline.internal.routing.Router;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.RemedyTable;
import dev.lifeline.provider.Provider;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * What every call of one engine shares: providers by name, policies, time, randomness and the
 * listener. Not API.
 *
 * @param continuation where an asynchronous call continues once an attempt ended: the engine's
 *     workers, so validators, listeners and the caller's own stages never run on an HTTP client's
 *     I/O thread; or, with a scheduler of the user's (a virtual clock), the completing thread
 * @param hedging the engine's hedge policy, unless a call sets its own
 * @param hedgeBudget the hedges every call of the engine draws on
 * @param balancer spreads calls over deployment groups and keeps deployments under their limits
 */
record CascadeSettings(
    Map<String, Provider> providers,
    RetryPolicy retryPolicy,
    AttemptTimeout attemptTimeout,
    RemedyTable remedies,
    Ticker ticker,
    Scheduler scheduler,
    RandomGenerator random,
    EngineListener listener,
    SecretScrubber scrubber,
    HealthTracker health,
    RetryBudget budget,
    Router router,
    RoutingMode routing,
    PlaybookMemory playbook,
    Executor continuation,
    HedgePolicy hedging,
    HedgeBudget hedgeBudget,
    Balancer balancer) {

  /** Copies the provider map. */
  public CascadeSettings {
    providers = Map.copyOf(providers);
  }

  /**
   * These settings with other {@code providers} by name, whose keys {@code scrubber} removes: what
   * an embedding call runs on, every policy, clock and health shared with the chat calls.
   */
  CascadeSettings withProviders(Map<String, Provider> providers, SecretScrubber scrubber) {
    return new CascadeSettings(
        providers,
        retryPolicy,
        attemptTimeout,
        remedies,
        ticker,
        scheduler,
        random,
        listener,
        scrubber,
        health,
        budget,
        router,
        routing,
        playbook,
        continuation,
        hedging,
        hedgeBudget,
        balancer);
  }
}
