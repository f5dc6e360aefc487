package dev.lifeline.internal.routing;

import dev.lifeline.model.Deployment;
import dev.lifeline.routing.CallRouting;
import dev.lifeline.routing.RoutingRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A call's ladder after its own {@link CallRouting} and the engine's {@link RoutingRule}s: only,
 * exclude and the price cap leave deployments out (each noted for the trace), then the rules' and
 * the call's preferences move deployments to the front, the call's last so that they win. Not
 * thread-safe state: a value per call.
 *
 * @param deployments the ladder to plan
 * @param notes why deployments were left out
 */
public record CallLadder(List<Deployment> deployments, List<String> notes) {

  /**
   * {@code ladder} as {@code routing} and {@code rules} shape it, for a prompt of {@code
   * promptTokens} and a completion of {@code completionTokens}.
   */
  public static CallLadder of(
      List<Deployment> ladder,
      CallRouting routing,
      List<RoutingRule> rules,
      int promptTokens,
      int completionTokens) {
    if (routing.leavesLadder()) {
      return new CallLadder(ladder, List.of());
    }
    List<String> notes = new ArrayList<>();
    List<Deployment> kept = new ArrayList<>(ladder.size());
    for (Deployment deployment : ladder) {
      if (!routing.only().isEmpty() && !matchesAny(deployment, routing.only())) {
        notes.add("skipped " + deployment.id() + ": not among the call's only " + routing.only());
      } else if (matchesAny(deployment, routing.exclude())) {
        notes.add("skipped " + deployment.id() + ": excluded by the call");
      } else if (routing.maxPricePerCall() > 0
          && price(deployment, promptTokens, completionTokens) > routing.maxPricePerCall()) {
        notes.add(
            String.format(
                java.util.Locale.ROOT,
                "skipped %s: about $%.6f, over the call's cap of $%.6f",
                deployment.id(),
                price(deployment, promptTokens, completionTokens),
                routing.maxPricePerCall()));
      } else {
        kept.add(deployment);
      }
    }
    for (RoutingRule rule : rules) {
      if (rule.matches(routing)) {
        kept = preferred(kept, rule.prefer());
        notes.add(
            "routing rule " + rule.tag() + "=" + rule.value() + ": " + rule.prefer() + " first");
      }
    }
    kept = preferred(kept, routing.prefer());
    return new CallLadder(List.copyOf(kept), notes);
  }

  /** Whether {@code name} is {@code deployment}'s provider or id. */
  public static boolean matches(Deployment deployment, String name) {
    return deployment.provider().equals(name) || deployment.id().equals(name);
  }

  private static boolean matchesAny(Deployment deployment, Collection<String> names) {
    for (String name : names) {
      if (matches(deployment, name)) {
        return true;
      }
    }
    return false;
  }

  /** The deployments matching {@code names} first, in the names' order, then the rest. */
  private static List<Deployment> preferred(List<Deployment> ladder, List<String> names) {
    if (names.isEmpty()) {
      return ladder;
    }
    List<Deployment> first = new ArrayList<>(ladder.size());
    for (String name : names) {
      for (Deployment deployment : ladder) {
        if (matches(deployment, name) && !first.contains(deployment)) {
          first.add(deployment);
        }
      }
    }
    for (Deployment deployment : ladder) {
      if (!first.contains(deployment)) {
        first.add(deployment);
      }
    }
    return first;
  }

  /** What {@code deployment} costs for the call in USD; 0 when its prices are unknown. */
  private static double price(Deployment deployment, int promptTokens, int completionTokens) {
    return (deployment.inputPricePerMillion() * promptTokens
            + deployment.outputPricePerMillion() * completionTokens)
        / 1_000_000.0;
  }
}
