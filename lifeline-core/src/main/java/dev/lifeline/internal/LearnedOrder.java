package dev.lifeline.internal;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.HealthTracker;
import dev.lifeline.learning.LearnedRemedy;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.Deployment;
import dev.lifeline.routing.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A routed plan with the playbook's hints applied: deployments expected to fail this request are moved
 * after the others that are healthy, before the unhealthy tail. An ordering, never a ban. Not API.
 *
 * @param order the deployments, in the order to try them
 * @param notes one line for each deployment moved, with what was learned
 */
public record LearnedOrder(List<Deployment> order, List<String> notes) {

  /** Copies the lists. */
  public LearnedOrder {
    order = List.copyOf(order);
    notes = List.copyOf(notes);
  }

  /**
   * {@code routed} reordered by what {@code playbook} expects of {@code request}. A deployment whose
   * circuit is half-open keeps its place: its probe, not the playbook, says whether it is back.
   */
  public static LearnedOrder of(
      Playbook playbook, HealthTracker health, Plan routed, ChatRequest request, boolean streaming) {
    List<Deployment> deployments = routed.deployments();
    boolean any = false;
    for (Deployment deployment : deployments) {
      if (playbook.knowsOf(deployment)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return new LearnedOrder(deployments, List.of()); // the usual case: nothing learned against the plan
    }
    RequestShape shape = RequestShape.of(request, streaming);
    List<Deployment> first = new ArrayList<>();
    List<Deployment> expectedToFail = new ArrayList<>();
    List<Deployment> unhealthy = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Deployment deployment : deployments) {
      if (routed.isUnhealthy(deployment)) {
        unhealthy.add(deployment);
        continue;
      }
      Optional<LearnedRemedy> hint = playbook.hint(deployment, shape);
      if (hint.isPresent() && health.health(deployment).circuitState() != CircuitState.HALF_OPEN) {
        expectedToFail.add(deployment);
        notes.add("tried " + deployment.id() + " later: " + hint.get().explanation());
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
