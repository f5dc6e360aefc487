package dev.lifeline;

import dev.lifeline.internal.config.BalancingEntry;
import dev.lifeline.internal.config.LoadedConfig;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.RoutingRule;
import java.util.Map;

/**
 * A configuration file's {@code balancing} section turned into builder calls, each value reported
 * at its line when refused. Not API.
 */
final class ConfiguredBalancing {
  private ConfiguredBalancing() {}

  /** Passes {@code entry}, read from {@code loaded}, on to {@code builder}. */
  static void apply(LoadedConfig loaded, BalancingEntry entry, SelfHealingEngine.Builder builder) {
    for (int i = 0; i < entry.groups().size(); i++) {
      BalancingEntry.GroupEntry group = entry.groups().get(i);
      String path = "balancing.groups[" + i + "]";
      loaded.set(path + ".name", () -> builder.group(group(group, loaded, path)));
    }
    for (Map.Entry<String, BalancingEntry.LimitsEntry> limit : entry.limits().entrySet()) {
      BalancingEntry.LimitsEntry value = limit.getValue();
      loaded.set(
          "balancing.limits." + limit.getKey(),
          () ->
              builder.limits(
                  limit.getKey(),
                  new DeploymentLimits(
                      value.requestsPerMinute(), value.tokensPerMinute(), value.maxConcurrent())));
    }
    if (entry.limitPolicy() != null) {
      builder.limitPolicy(entry.limitPolicy());
    }
    for (int i = 0; i < entry.rules().size(); i++) {
      BalancingEntry.RuleEntry rule = entry.rules().get(i);
      loaded.set(
          "balancing.rules[" + i + "]",
          () ->
              builder.routingRule(
                  new RoutingRule(
                      String.valueOf(rule.tag()), String.valueOf(rule.value()), rule.prefer())));
    }
    BalancingEntry.SessionsEntry sessions = entry.sessions();
    if (sessions != null) {
      loaded.set(
          "balancing.sessions",
          () ->
              builder.sessionAffinity(
                  sessions.max() != null ? sessions.max() : BalancingSpec.DEFAULT_MAX_SESSIONS,
                  sessions.ttl() != null ? sessions.ttl() : BalancingSpec.DEFAULT_SESSION_TTL));
    }
  }

  private static DeploymentGroup group(
      BalancingEntry.GroupEntry entry, LoadedConfig loaded, String path) {
    if (entry.name() == null) {
      throw new IllegalArgumentException("a deployment group needs a 'name'");
    }
    DeploymentGroup group =
        DeploymentGroup.of(
            entry.name(), entry.strategy() != null ? entry.strategy() : Balancing.WEIGHTED);
    if (entry.members().isEmpty()) {
      throw new IllegalArgumentException("a deployment group needs 'members', at least one");
    }
    for (int j = 0; j < entry.members().size(); j++) {
      BalancingEntry.MemberEntry member = entry.members().get(j);
      DeploymentGroup[] grown = {group};
      loaded.set(
          path + ".members[" + j + "]",
          () -> grown[0] = grown[0].member(String.valueOf(member.deployment()), member.weight()));
      group = grown[0];
    }
    return group;
  }
}
