package dev.lifeline;

import dev.lifeline.health.CircuitState;
import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.learning.LearnedRemedy;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.internal.routing.Plan;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A routed plan with the playbook's hints applied: deployments expected to fail this request are
 * moved after the others that are healthy, before the unhealthy tail. An ordering, never a ban.
 * Where the cascade's remedy for the expected failure is to fail over (an outage, a revoked key, a
 * spent quota), the provider's other models move with it, as the cascade itself would skip them.
 *
 * <p>Only lasting failures reorder a plan: a context window, a broken answer format, a missing
 * model, a spent quota, a revoked key. Passing ones (rate limits, overload, server errors,
 * timeouts, network) are the health tracker's: its circuits and cooldowns probe for the recovery
 * that a learned order could not see; for those the playbook acts when the failure happens, as a
 * detour. Not API.
 *
 * @param order the deployments, in the order to try them
 * @param notes one line for each deployment moved, with what was learned
 */
record LearnedOrder(List<Deployment> order, List<String> notes) {

  /** Copies the lists. */
  public LearnedOrder {
    order = List.copyOf(order);
    notes = List.copyOf(notes);
  }

  /**
   * {@code routed} reordered by what {@code playbook} expects of {@code request}. A deployment
   * whose circuit is half-open keeps its place: its probe, not the playbook, says whether it is
   * back.
   */
  public static LearnedOrder of(
      PlaybookMemory playbook,
      HealthTracker health,
      RemedyTable remedies,
      Plan routed,
      ChatRequest request,
      boolean streaming) {
    List<Deployment> deployments = routed.deployments();
    if (playbook.isEmpty()) {
      return new LearnedOrder(deployments, List.of()); // nothing learned at all: one read
    }
    boolean any = false;
    for (Deployment deployment : deployments) {
      if (playbook.knowsOf(deployment)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return new LearnedOrder(
          deployments, List.of()); // the usual case: nothing learned against the plan
    }
    RequestShape shape = RequestShape.of(request, streaming);
    Map<Deployment, String> why = new LinkedHashMap<>();
    Map<String, String> providerWhy = new LinkedHashMap<>();
    for (Deployment deployment : deployments) {
      if (routed.isUnhealthy(deployment)) {
        continue;
      }
      Optional<LearnedRemedy> hint = playbook.hint(deployment, shape);
      if (hint.isEmpty()
          || hint.get().signature().kind().learning() == ErrorKind.Learning.DETOUR_ONLY
          || health.health(deployment).circuitState() == CircuitState.HALF_OPEN) {
        continue;
      }
      why.put(deployment, hint.get().explanation());
      if (remedies.ruleFor(hint.get().signature().kind()).then() == Remedy.FAILOVER) {
        providerWhy.putIfAbsent(
            deployment.provider(), deployment.id() + " " + hint.get().explanation());
      }
    }
    if (why.isEmpty() && providerWhy.isEmpty()) {
      // Entries held, none against this request: the routed plan as it is, not a copy of it.
      return new LearnedOrder(deployments, List.of());
    }
    List<Deployment> first = new ArrayList<>();
    List<Deployment> expectedToFail = new ArrayList<>();
    List<Deployment> unhealthy = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Deployment deployment : deployments) {
      if (routed.isUnhealthy(deployment)) {
        unhealthy.add(deployment);
      } else if (why.containsKey(deployment)) {
        expectedToFail.add(deployment);
        notes.add("tried " + deployment.id() + " later: " + why.get(deployment));
      } else if (providerWhy.containsKey(deployment.provider())) {
        expectedToFail.add(deployment);
        notes.add(
            "tried "
                + deployment.id()
                + " later, with its provider: "
                + providerWhy.get(deployment.provider()));
      } else {
        first.add(deployment);
      }
    }
    if (first.isEmpty()) {
      // Every healthy deployment is expected to fail: the configured order is as good as any.
      return new LearnedOrder(deployments, List.of());
    }
    List<Deployment> order = new ArrayList<>(first);
    order.addAll(expectedToFail);
    order.addAll(unhealthy);
    return new LearnedOrder(order, notes);
  }
}
