package dev.lifeline;

import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.internal.learning.LearnedRemedy;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.learning.FailureSignature;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The playbook's hints for one call, as bets: deployments it moved ahead of their routed place, and
 * a detour it may take when a failure it knows happens. At most one bet may be lost per call, and a
 * lost one costs one attempt, after which the call walks the routed cascade. Not thread-safe: the
 * call guards it with its own lock. Not API.
 */
final class LearnedBets {

  private final List<Deployment> routedPlan;
  private final Set<Deployment> promoted;
  private boolean lost;
  private boolean detourUsed;
  private Step.Detour detour; // the detour in flight, if any

  LearnedBets(List<Deployment> plan, List<Deployment> routedPlan) {
    this.routedPlan = routedPlan;
    this.promoted = promoted(plan, routedPlan);
  }

  /** The detour whose attempt is in flight or about to start, or null. */
  Step.Detour detour() {
    return detour;
  }

  /** Whether {@code deployment} was moved ahead by the playbook and no bet was lost yet. */
  boolean isPromoted(Deployment deployment) {
    return !lost && promoted.contains(deployment);
  }

  /**
   * A deployment the playbook moved ahead failed: the bet is lost, and the rest of the call walks
   * the routed order (without what it left for good), this deployment included at its own place.
   * The move there is free when {@code rescue} says so, else it spends a budget token.
   */
  Step orderFailed(Deployment deployment, CascadePosition position, Predicate<Deployment> rescue) {
    lost = true;
    List<Deployment> rest = new ArrayList<>();
    for (Deployment routed : routedPlan) {
      if (!position.hasLeft(routed)) {
        rest.add(routed);
      }
    }
    position.replaceRest(rest);
    if (!position.hasNext()) {
      return CascadeDecision.exhausted("no deployment left", false);
    }
    int next = position.index() + 1;
    Deployment target = position.plan().get(next);
    return new Step.Move(
        next,
        CascadeDecision.moveDecision(deployment, target),
        "the playbook's order failed here; back to the routed order, next: " + target.id(),
        !rescue.test(target));
  }

  /**
   * If the playbook knows this failure and a deployment later in the plan answered after it before,
   * a detour there, keeping {@code step} to resume if it fails too; else {@code step}.
   */
  Step maybeDetour(
      Step step,
      Deployment deployment,
      Failure failure,
      ChatRequest request,
      boolean streaming,
      PlaybookMemory playbook,
      HealthTracker health,
      CascadePosition position,
      AttemptLog log) {
    if (lost || detourUsed || !(step instanceof Step.Retry || step instanceof Step.Move)) {
      return step;
    }
    Optional<LearnedRemedy> learned =
        FailureSignature.of(deployment, failure, request, streaming).flatMap(playbook::remedyFor);
    if (learned.isEmpty()) {
      return step;
    }
    String resolver = learned.get().resolver().orElseThrow();
    Deployment target = null;
    List<Deployment> plan = position.plan();
    for (int i = position.index() + 1; i < plan.size(); i++) {
      if (plan.get(i).id().equals(resolver)) {
        target = plan.get(i);
        break;
      }
    }
    if (target == null
        || log.hasAttempted(target)
        || health.unavailableReason(target).isPresent()) {
      return step; // where the default goes anyway, already tried, or out right now
    }
    detourUsed = true;
    detour =
        new Step.Detour(
            target,
            step,
            CascadeDecision.moveDecision(deployment, target),
            learned.get().explanation()
                + "; trying "
                + target.id()
                + " first (else: "
                + step.decision()
                + (step.reason().isEmpty() ? "" : ", " + step.reason())
                + ")");
    return detour;
  }

  /** The detour's attempt failed too: the call resumes the step it put off. */
  Step detourFailed(Deployment deployment, CascadePosition position) {
    lost = true;
    Step resume = endDetour();
    Deployment next =
        resume instanceof Step.Retry retry
            ? retry.deployment()
            : position.plan().get(((Step.Move) resume).index());
    return new Step.Resume(
        resume,
        CascadeDecision.moveDecision(deployment, next),
        "the learned remedy failed too; back to the cascade, next: " + next.id());
  }

  /** Ends the detour (failed, or its deployment unavailable) and gives the step it put off. */
  Step endDetour() {
    Step resume = detour.resume();
    detour = null;
    return resume;
  }

  /** The deployments {@code plan} puts before their place in {@code routed}. */
  private static Set<Deployment> promoted(List<Deployment> plan, List<Deployment> routed) {
    if (plan.equals(routed)) {
      return Set.of(); // the usual case: the playbook changed nothing
    }
    Set<Deployment> promoted = new HashSet<>();
    for (int i = 0; i < plan.size(); i++) {
      if (routed.indexOf(plan.get(i)) > i) {
        promoted.add(plan.get(i));
      }
    }
    return promoted;
  }
}
