package dev.lifeline.internal.routing;

import dev.lifeline.model.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which deployments to try for one request, in order, and why the others are not in it.
 *
 * <p>Immutable.
 *
 * @param deployments every deployment that can serve the request, in the order to try them; the
 *     unhealthy ones are at the end
 * @param unhealthy deployments of {@code deployments} that are out right now (open circuit,
 *     cooldown, no free half-open probe slot), with why: skip them, or try them only when nothing
 *     else is left
 * @param skipped deployments that cannot serve this request at all (its prompt does not fit their
 *     context window), with why; never to be tried
 */
public record Plan(List<Deployment> deployments, List<Skip> unhealthy, List<Skip> skipped) {

  /** Copies the lists; checks that every unhealthy deployment is in the plan. */
  public Plan {
    deployments = List.copyOf(deployments);
    unhealthy = List.copyOf(unhealthy);
    skipped = List.copyOf(skipped);
    for (Skip skip : unhealthy) {
      if (!deployments.contains(skip.deployment())) {
        throw new IllegalArgumentException(
            "unhealthy " + skip.deployment() + " is not in the plan");
      }
    }
  }

  /** The deployments to try first: the plan without its unhealthy tail. */
  public List<Deployment> healthy() {
    List<Deployment> healthy = new ArrayList<>(deployments.size());
    for (Deployment deployment : deployments) {
      if (!isUnhealthy(deployment)) {
        healthy.add(deployment);
      }
    }
    return healthy;
  }

  /** Whether {@code deployment} is in the plan but out right now. */
  public boolean isUnhealthy(Deployment deployment) {
    for (Skip skip : unhealthy) {
      if (skip.deployment().equals(deployment)) {
        return true;
      }
    }
    return false;
  }

  /** Whether no deployment at all can serve the request. */
  public boolean isEmpty() {
    return deployments.isEmpty();
  }

  /**
   * One line per deployment left out or put last, for the call's trace: "skipped openai/gpt-4o:
   * circuit open until 12:00:30Z: ...", the skipped first.
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>(skipped.size() + unhealthy.size());
    skipped.forEach(skip -> notes.add(skip.toString()));
    unhealthy.forEach(skip -> notes.add(skip.toString()));
    return notes;
  }

  @Override
  public String toString() {
    return "Plan" + deployments + (notes().isEmpty() ? "" : " " + notes());
  }

  /**
   * A deployment left out of a plan, or put last in it, and why.
   *
   * @param deployment the deployment
   * @param reason why, in words for a trace
   */
  public record Skip(Deployment deployment, String reason) {

    /** Checks both parts. */
    public Skip {
      Objects.requireNonNull(deployment, "deployment");
      Objects.requireNonNull(reason, "reason");
    }

    /** "skipped provider/model: reason". */
    @Override
    public String toString() {
      return "skipped " + deployment.id() + ": " + reason;
    }
  }
}
