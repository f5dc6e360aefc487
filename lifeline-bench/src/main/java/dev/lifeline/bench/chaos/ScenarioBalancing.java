package dev.lifeline.bench.chaos;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code lifeline-balanced} knows of a scenario: the deployments of one model on several
 * providers (keys, regions) form a group balanced by least in flight, and each deployment's
 * requests-per-minute quota is kept client-side. Stateless.
 */
final class ScenarioBalancing {
  private ScenarioBalancing() {}

  /** Adds {@code scenario}'s groups and limits to {@code builder}. */
  static void apply(Scenario scenario, SelfHealingEngine.Builder builder) {
    Map<String, List<DeploymentSpec>> byModel = new LinkedHashMap<>();
    for (DeploymentSpec spec : scenario.deployments()) {
      byModel.computeIfAbsent(spec.model(), model -> new ArrayList<>()).add(spec);
      if (spec.rpm() > 0) {
        builder.limits(spec.id(), new DeploymentLimits(spec.rpm(), 0, 0));
      }
    }
    byModel.forEach(
        (model, specs) -> {
          if (specs.size() > 1) {
            DeploymentGroup group = DeploymentGroup.of(model, Balancing.LEAST_IN_FLIGHT);
            for (DeploymentSpec spec : specs) {
              group = group.member(spec.id(), 1);
            }
            builder.group(group);
          }
        });
  }
}
