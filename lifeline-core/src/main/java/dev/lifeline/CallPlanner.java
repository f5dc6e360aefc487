package dev.lifeline;

import dev.lifeline.internal.routing.Balancer;
import dev.lifeline.internal.routing.CallLadder;
import dev.lifeline.internal.routing.Plan;
import dev.lifeline.internal.routing.Router;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingRule;
import dev.lifeline.validation.ResponseValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a request and its options into a {@link CallSpec}: the strategy's plan (computed once per
 * strategy), routed for the request, reordered by what the playbook learned, with the engine's
 * defaults where the options set nothing. Immutable. Not API.
 */
final class CallPlanner {
  private final CascadeSettings settings;
  private final Map<FallbackStrategy, List<Deployment>> plans;
  private final FallbackStrategy strategy;
  private final Duration deadline;
  private final List<ResponseValidator> validators;
  private final List<RoutingRule> rules;

  CallPlanner(
      CascadeSettings settings,
      List<ProviderLadder> ladders,
      FallbackStrategy strategy,
      Duration deadline,
      List<ResponseValidator> validators,
      List<RoutingRule> rules) {
    this.settings = settings;
    this.plans = plans(ladders);
    this.strategy = strategy;
    this.deadline = deadline;
    this.validators = List.copyOf(validators);
    this.rules = List.copyOf(rules);
  }

  /** The default strategy. */
  FallbackStrategy strategy() {
    return strategy;
  }

  /** The default deadline of a call. */
  Duration deadline() {
    return deadline;
  }

  /** The deployments a call with {@code strategy} may try, in order; computed once per strategy. */
  List<Deployment> plan(FallbackStrategy strategy) {
    return plans.get(strategy);
  }

  /** What the call of {@code request} is; {@code onDelta} is null unless it streams. */
  CallSpec spec(ChatRequest request, CallOptions options, Consumer<String> onDelta) {
    FallbackStrategy chosen = options.strategy().orElse(strategy);
    CallLadder ladder =
        CallLadder.of(
            plan(chosen),
            options.routing(),
            rules,
            request.estimatedPromptTokens(),
            assumedCompletion(request));
    Plan routed = settings.router().plan(request, ladder.deployments(), settings.routing());
    LearnedOrder learned =
        LearnedOrder.of(
            settings.playbook(),
            settings.health(),
            settings.remedies(),
            routed,
            request,
            onDelta != null);
    String sessionKey = options.routing().sessionKey();
    Balancer.Arranged balanced =
        settings.balancer().arrange(learned.order(), unhealthy(routed), sessionKey);
    List<String> notes = routed.notes();
    if (!learned.notes().isEmpty() || !ladder.notes().isEmpty() || !balanced.notes().isEmpty()) {
      notes = new ArrayList<>(ladder.notes());
      notes.addAll(routed.notes());
      notes.addAll(learned.notes());
      notes.addAll(balanced.notes());
    }
    return new CallSpec(
        request,
        balanced.order(),
        routed.deployments(),
        notes,
        chosen,
        options.deadline().orElse(deadline),
        options.validators().orElse(validators),
        options.bestEffort() && onDelta == null,
        onDelta,
        learned.notes().size(),
        options.hedging().orElse(settings.hedging()),
        sessionKey);
  }

  /** The deployments {@code routed} put last as out, by id, with why; empty for most calls. */
  private static Map<String, String> unhealthy(Plan routed) {
    if (routed.unhealthy().isEmpty()) {
      return Map.of();
    }
    Map<String, String> why = new HashMap<>();
    routed.unhealthy().forEach(skip -> why.put(skip.deployment().id(), skip.reason()));
    return why;
  }

  /** The completion size a price cap assumes: the request's own cap, at most the router's. */
  private static int assumedCompletion(ChatRequest request) {
    return request.maxTokens() == null
        ? Router.DEFAULT_ASSUMED_COMPLETION_TOKENS
        : Math.min(request.maxTokens(), Router.DEFAULT_ASSUMED_COMPLETION_TOKENS);
  }

  private static Map<FallbackStrategy, List<Deployment>> plans(List<ProviderLadder> ladders) {
    Map<FallbackStrategy, List<Deployment>> plans = new EnumMap<>(FallbackStrategy.class);
    for (FallbackStrategy strategy : FallbackStrategy.values()) {
      plans.put(strategy, planOf(ladders, strategy));
    }
    return plans;
  }

  private static List<Deployment> planOf(List<ProviderLadder> ladders, FallbackStrategy strategy) {
    List<Deployment> plan = new ArrayList<>();
    for (ProviderLadder ladder : ladders) {
      if (strategy == FallbackStrategy.CASCADE) {
        plan.addAll(ladder.deployments());
      } else {
        plan.add(ladder.deployments().get(0));
      }
      if (strategy == FallbackStrategy.RETRY_ONLY) {
        break;
      }
    }
    return List.copyOf(plan);
  }
}
