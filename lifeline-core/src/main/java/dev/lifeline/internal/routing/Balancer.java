package dev.lifeline.internal.routing;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.LimitPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Spreads calls over the members of each {@link DeploymentGroup}: gathers a group's healthy members
 * where the first of them stands in a call's plan, puts first the one its {@link Balancing} picks
 * (or the one that served the call's session, while it is healthy), then its siblings, members at a
 * client-side limit last. Holds the {@link DeploymentGate} every attempt passes and the {@link
 * SessionAffinity} of the engine. Thread-safe.
 */
public final class Balancer {

  /**
   * One call's plan after balancing, with the trace's notes (affinity broken, and why).
   *
   * @param order the deployments to try, in order
   * @param notes lines for the call's trace
   */
  public record Arranged(List<Deployment> order, List<String> notes) {}

  private final Map<String, DeploymentGroup> groupOf;
  private final DeploymentGate gate;
  private final LimitPolicy policy;
  private final SessionAffinity affinity;
  private final RandomGenerator random;

  /**
   * A balancer of {@code groups} over {@code gate}, applying {@code policy} at limits, keeping
   * sessions in {@code affinity}, drawing from {@code random}.
   *
   * @throws IllegalArgumentException if a deployment is a member of two groups
   */
  public Balancer(
      List<DeploymentGroup> groups,
      DeploymentGate gate,
      LimitPolicy policy,
      SessionAffinity affinity,
      RandomGenerator random) {
    Map<String, DeploymentGroup> byMember = new HashMap<>();
    for (DeploymentGroup group : groups) {
      for (String member : group.members()) {
        DeploymentGroup earlier = byMember.put(member, group);
        if (earlier != null) {
          throw new IllegalArgumentException(
              member
                  + " is a member of groups '"
                  + earlier.name()
                  + "' and '"
                  + group.name()
                  + "'; a deployment belongs to one group at most");
        }
      }
    }
    this.groupOf = Map.copyOf(byMember);
    this.gate = Objects.requireNonNull(gate, "gate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.affinity = Objects.requireNonNull(affinity, "affinity");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The gate every attempt passes. */
  public DeploymentGate gate() {
    return gate;
  }

  /** What a call does when its deployment is at a limit and no sibling is left. */
  public LimitPolicy policy() {
    return policy;
  }

  /** The group of {@code deployment}, or null. */
  public DeploymentGroup groupOf(Deployment deployment) {
    return groupOf.isEmpty() ? null : groupOf.get(deployment.id());
  }

  /** Whether a member of {@code plan.get(index)}'s group follows it in {@code plan}. */
  public boolean hasSiblingAfter(List<Deployment> plan, int index) {
    DeploymentGroup group = groupOf(plan.get(index));
    if (group == null) {
      return false;
    }
    for (int i = index + 1; i < plan.size(); i++) {
      if (groupOf(plan.get(i)) == group) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code order} with each group's members gathered and balanced; members in {@code unhealthy}
   * (deployment id to why) keep their place (the router put them last). {@code sessionKey} may be
   * null.
   */
  public Arranged arrange(
      List<Deployment> order, Map<String, String> unhealthy, String sessionKey) {
    if (groupOf.isEmpty()) {
      return new Arranged(order, List.of());
    }
    String bound = sessionKey == null ? null : affinity.deploymentOf(sessionKey);
    List<String> notes = new ArrayList<>(0);
    List<Deployment> arranged = new ArrayList<>(order.size());
    Set<DeploymentGroup> done = new HashSet<>();
    for (Deployment deployment : order) {
      DeploymentGroup group = groupOf(deployment);
      if (group == null || unhealthy.containsKey(deployment.id())) {
        arranged.add(deployment);
        continue;
      }
      if (!done.add(group)) {
        continue;
      }
      List<Deployment> members = new ArrayList<>();
      for (Deployment candidate : order) {
        if (groupOf(candidate) == group && !unhealthy.containsKey(candidate.id())) {
          members.add(candidate);
        }
      }
      arranged.addAll(balanced(group, members, bound, unhealthy, notes));
    }
    if (bound != null && !done.contains(groupOf.get(bound)) && groupOf.containsKey(bound)) {
      notes.add("session affinity broken: " + bound + " is not in this call's plan");
    }
    return new Arranged(arranged, notes);
  }

  /** The deployment that answered {@code trace}'s call served {@code sessionKey}'s conversation. */
  public void served(String sessionKey, CallTrace trace) {
    if (sessionKey == null || groupOf.isEmpty()) {
      return;
    }
    trace
        .last()
        .filter(attempt -> groupOf.containsKey(attempt.deployment().id()))
        .ifPresent(attempt -> affinity.served(sessionKey, attempt.deployment().id()));
  }

  private List<Deployment> balanced(
      DeploymentGroup group,
      List<Deployment> members,
      String bound,
      Map<String, String> unhealthy,
      List<String> notes) {
    List<Deployment> open = new ArrayList<>(members.size());
    List<Deployment> full = new ArrayList<>(0);
    for (Deployment member : members) {
      (gate.limits(member).isLimited() && gate.room(member) <= 0 ? full : open).add(member);
    }
    List<Deployment> ordered = order(group, open);
    ordered.addAll(full);
    if (bound != null && group.members().contains(bound)) {
      int at = indexOf(ordered, bound);
      if (at >= 0 && !full.contains(ordered.get(at))) {
        ordered.add(0, ordered.remove(at));
      } else {
        notes.add(
            "session affinity broken: "
                + bound
                + (at >= 0
                    ? " is at its client-side limit"
                    : unhealthy.containsKey(bound)
                        ? " is out: " + unhealthy.get(bound)
                        : " is not in this call's plan")
                + "; moved within group '"
                + group.name()
                + "'");
      }
    }
    return ordered;
  }

  private List<Deployment> order(DeploymentGroup group, List<Deployment> members) {
    List<Deployment> ordered = weightedShuffle(group, members);
    if (ordered.size() < 2) {
      return ordered;
    }
    switch (group.balancing()) {
      case WEIGHTED:
        return ordered;
      case LEAST_IN_FLIGHT:
        {
          // Two choices drawn by weight (the shuffle's first two), the less busy first; the rest
          // by calls in flight, so that a sibling tried after a failure is the least busy too.
          Deployment first = ordered.get(0);
          Deployment second = ordered.get(1);
          Deployment pick = gate.inFlight(second) < gate.inFlight(first) ? second : first;
          ordered.remove(pick);
          ordered.sort((a, b) -> Integer.compare(gate.inFlight(a), gate.inFlight(b)));
          ordered.add(0, pick);
          return ordered;
        }
      case HEADROOM:
        {
          Map<Deployment, Double> room = new HashMap<>();
          ordered.forEach(member -> room.put(member, gate.room(member)));
          ordered.sort((a, b) -> Double.compare(room.get(b), room.get(a)));
          return ordered;
        }
      default:
        throw new AssertionError(group.balancing());
    }
  }

  /** {@code members} in a random order where each comes earlier in proportion to its weight. */
  private List<Deployment> weightedShuffle(DeploymentGroup group, List<Deployment> members) {
    List<Deployment> left = new ArrayList<>(members);
    List<Deployment> shuffled = new ArrayList<>(members.size());
    while (left.size() > 1) {
      int total = 0;
      for (Deployment member : left) {
        total += group.weight(member.id());
      }
      int draw = random.nextInt(total);
      int at = 0;
      for (; at < left.size() - 1; at++) {
        draw -= group.weight(left.get(at).id());
        if (draw < 0) {
          break;
        }
      }
      shuffled.add(left.remove(at));
    }
    shuffled.addAll(left);
    return shuffled;
  }

  private static int indexOf(List<Deployment> deployments, String id) {
    for (int i = 0; i < deployments.size(); i++) {
      if (deployments.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
