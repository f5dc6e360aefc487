package dev.lifeline.internal.routing;

import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.RoutingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Orders the deployments that may serve a request: which to try first, which last, which never.
 *
 * <p>{@link #plan} first leaves out every deployment whose known context window cannot hold the
 * request's {@linkplain ChatRequest#estimatedPromptTokens() estimated prompt} (a request is never
 * sent where it cannot fit; an unknown window is given the benefit of the doubt), then orders the
 * rest by the {@link RoutingMode} and moves the ones the {@link HealthTracker} says are out (open
 * circuit, cooldown, no free half-open probe slot) to the end, in configured order, marked with the
 * reason; before them go the ones running dry of their rate-limit budget or demoted for a brownout
 * (far slower than usual), but for the one call per probe interval that probes a demoted one. Ties
 * keep the configured order. A candidate listed twice is planned once, at its first place.
 *
 * <p>Only PRIORITY keeps each provider's models together; the other modes interleave providers.
 * Thread-safe if the tracker is (it is); a plan is a snapshot, and only {@link
 * HealthTracker#tryAcquire} decides at attempt time.
 */
public final class Router {

  /**
   * The completion size COST assumes when the request sets no smaller {@code maxTokens}: 500
   * tokens, a few paragraphs, about what chat answers run to.
   */
  public static final int DEFAULT_ASSUMED_COMPLETION_TOKENS = 500;

  /** The smallest latency HEALTHIEST scores with, so that a zero P95 still weighs errors. */
  private static final long MIN_SCORED_NANOS = Duration.ofMillis(1).toNanos();

  /**
   * The error rate HEALTHIEST caps at, so a deployment that always fails still has a finite score.
   */
  private static final double MAX_SCORED_ERROR_RATE = 0.99;

  /** Group first, then key, then configured index: built once, not per plan. */
  private static final Comparator<Ranked> BY_RANK =
      Comparator.comparingInt(Ranked::group)
          .thenComparingDouble(Ranked::key)
          .thenComparingInt(Ranked::index);

  private final HealthTracker tracker;
  private final int assumedCompletionTokens;

  /**
   * The candidate list the last plan found free of duplicates, or null: a cache, rebuilt whenever
   * another list is planned, so a stale or racing value only costs a check.
   */
  private volatile CheckedCandidates lastChecked;

  private Router(HealthTracker tracker, int assumedCompletionTokens) {
    this.tracker = tracker;
    this.assumedCompletionTokens = assumedCompletionTokens;
  }

  /** A router that reads health from {@code tracker} and assumes 500-token completions for COST. */
  public static Router of(HealthTracker tracker) {
    return of(tracker, DEFAULT_ASSUMED_COMPLETION_TOKENS);
  }

  /**
   * A router that reads health from {@code tracker} and assumes completions of {@code
   * assumedCompletionTokens} for COST.
   *
   * @throws IllegalArgumentException if {@code assumedCompletionTokens} is not in [1, 10,000,000]
   */
  public static Router of(HealthTracker tracker, int assumedCompletionTokens) {
    Objects.requireNonNull(tracker, "tracker");
    if (assumedCompletionTokens < 1 || assumedCompletionTokens > 10_000_000) {
      throw new IllegalArgumentException(
          "assumedCompletionTokens must be in [1, 10000000], was " + assumedCompletionTokens);
    }
    return new Router(tracker, assumedCompletionTokens);
  }

  /**
   * Plans {@code request} over {@code candidates} (in configured order, best first) by {@code
   * mode}.
   *
   * <p>{@code candidates} must not change once planned (the engine's lists are immutable): the
   * router remembers, by identity, the last list it found free of duplicates.
   *
   * @return the plan; empty when no candidate can hold the prompt, with every one in {@link
   *     Plan#skipped()}
   */
  public Plan plan(ChatRequest request, List<Deployment> candidates, RoutingMode mode) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(mode, "mode");
    int promptTokens = request.estimatedPromptTokens();
    if (mode == RoutingMode.PRIORITY && allPlainlyAvailable(candidates, promptTokens)) {
      return new Plan(
          candidates, List.of(), List.of()); // the usual case: the configured order as it is
    }
    int completionTokens =
        request.maxTokens() == null
            ? assumedCompletionTokens
            : Math.min(request.maxTokens(), assumedCompletionTokens);
    List<Plan.Skip> skipped = new ArrayList<>();
    List<Ranked> available = new ArrayList<>();
    List<Deployment> out = new ArrayList<>();
    List<Plan.Skip> unhealthy = new ArrayList<>();
    List<Deployment> low = new ArrayList<>();
    List<Plan.Skip> lowNotes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int index = 0; index < candidates.size(); index++) {
      Deployment deployment = candidates.get(index);
      if (deployment == null) {
        throw new NullPointerException("candidate " + index);
      }
      if (!seen.add(deployment.id())) {
        continue;
      }
      if (deployment.hasKnownContextWindow() && deployment.contextWindow() < promptTokens) {
        skipped.add(
            new Plan.Skip(
                deployment,
                "context window "
                    + deployment.contextWindow()
                    + " < "
                    + promptTokens
                    + " estimated tokens"));
        continue;
      }
      Optional<String> why = tracker.unavailableReason(deployment);
      Optional<String> dry =
          why.isPresent() ? Optional.empty() : tracker.runningDryReason(deployment);
      if (why.isEmpty() && dry.isEmpty()) {
        dry = tracker.brownoutReason(deployment); // slow: demoted like a dry budget, not banned
      }
      if (why.isPresent()) {
        out.add(deployment);
        unhealthy.add(new Plan.Skip(deployment, why.get()));
      } else if (dry.isPresent()) {
        // Still available, but asked last: the next call goes elsewhere before this one answers
        // 429.
        low.add(deployment);
        lowNotes.add(new Plan.Skip(deployment, dry.get() + "; tried after the others"));
      } else {
        available.add(rank(deployment, index, mode, promptTokens, completionTokens));
      }
    }
    available.sort(BY_RANK);
    List<Deployment> order = new ArrayList<>(available.size() + low.size() + out.size());
    available.forEach(ranked -> order.add(ranked.deployment()));
    order.addAll(low);
    order.addAll(out);
    List<Plan.Skip> last = new ArrayList<>(lowNotes);
    last.addAll(unhealthy);
    return new Plan(order, last, skipped);
  }

  /**
   * Whether PRIORITY would keep {@code candidates} exactly as they are: no duplicate, every prompt
   * fits, none out or running dry. Allocates nothing when so. While the tracker is {@linkplain
   * HealthTracker#allClear() all clear} and {@code candidates} is the list checked last, this costs
   * the same for 200 deployments as for 2.
   */
  private boolean allPlainlyAvailable(List<Deployment> candidates, int promptTokens) {
    CheckedCandidates checked = lastChecked;
    if (checked == null || checked.candidates() != candidates) {
      checked = CheckedCandidates.of(candidates);
      if (checked == null) {
        return false;
      }
      lastChecked = checked;
    }
    if (promptTokens > checked.smallestKnownWindow()) {
      return false;
    }
    if (tracker.allClear()) {
      return true;
    }
    for (Deployment deployment : candidates) {
      if (tracker.unavailableReason(deployment).isPresent()
          || tracker.runningDryReason(deployment).isPresent()
          || tracker.isBrownedOut(deployment)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A candidate list that holds no null and no deployment twice, with the smallest context window
   * known among them ({@code Integer.MAX_VALUE} when none is known): what does not change between
   * two plans of the same list. Held by identity: plans are asked of the engine's own immutable
   * lists, one per strategy, so the same list comes back call after call.
   */
  private record CheckedCandidates(List<Deployment> candidates, int smallestKnownWindow) {

    /** The check of {@code candidates}, or null when one is null or listed twice. */
    static CheckedCandidates of(List<Deployment> candidates) {
      Set<String> seen = new HashSet<>();
      int smallest = Integer.MAX_VALUE;
      for (Deployment deployment : candidates) {
        if (deployment == null || !seen.add(deployment.id())) {
          return null;
        }
        if (deployment.hasKnownContextWindow()) {
          smallest = Math.min(smallest, deployment.contextWindow());
        }
      }
      return new CheckedCandidates(candidates, smallest);
    }
  }

  /**
   * Where {@code deployment} sorts under {@code mode}: by group, then key, then configured index.
   */
  private Ranked rank(
      Deployment deployment, int index, RoutingMode mode, int promptTokens, int completionTokens) {
    switch (mode) {
      case PRIORITY:
        return new Ranked(deployment, index, 0, 0);
      case HEALTHIEST:
        {
          DeploymentHealth health = tracker.health(deployment);
          if (!health.hasCalls() || health.p95() == null) {
            return new Ranked(
                deployment, index, 0, 0); // unmeasured first: see RoutingMode.HEALTHIEST
          }
          double healthy = 1 - Math.min(health.errorRate(), MAX_SCORED_ERROR_RATE);
          double latency = Math.max(health.p95().toNanos(), MIN_SCORED_NANOS);
          return new Ranked(deployment, index, 1, latency / (healthy * healthy));
        }
      case LATENCY:
        {
          DeploymentHealth health = tracker.health(deployment);
          if (health.p95() == null) {
            return new Ranked(deployment, index, 0, 0); // unmeasured first: see RoutingMode.LATENCY
          }
          return new Ranked(deployment, index, 1, health.p95().toNanos());
        }
      case COST:
        {
          if (deployment.inputPricePerMillion() == 0 || deployment.outputPricePerMillion() == 0) {
            return new Ranked(deployment, index, 1, 0); // unknown price last
          }
          double cost =
              deployment.inputPricePerMillion() * promptTokens
                  + deployment.outputPricePerMillion() * completionTokens;
          return new Ranked(deployment, index, 0, cost);
        }
      default:
        throw new AssertionError(mode);
    }
  }

  /** A deployment's sort position: group first (0 before 1), then key (lower first), then index. */
  private record Ranked(Deployment deployment, int index, int group, double key) {}
}
