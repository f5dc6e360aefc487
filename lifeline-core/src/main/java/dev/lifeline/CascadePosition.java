package dev.lifeline;

import dev.lifeline.model.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one call stands in its plan: the position, the retries made there, and the deployments it
 * left for good. Not thread-safe: the call guards it with its own lock. Not API.
 */
final class CascadePosition {

  // The call's immutable plan, shared, not copied: a call pays for its plan's length only if a
  // learned order proves wrong and replaceRest builds a new one.
  private List<Deployment> plan;
  private int index;
  private int retriesHere;
  private Duration lastWait;
  private Duration waitBefore = Duration.ZERO; // the wait before the attempt in flight
  private Set<Deployment> movedOn = Set.of(); // a HashSet once the call leaves one

  CascadePosition(List<Deployment> plan) {
    this.plan = List.copyOf(plan); // the spec's list already is: no copy
  }

  List<Deployment> plan() {
    return plan;
  }

  int index() {
    return index;
  }

  int retriesHere() {
    return retriesHere;
  }

  Duration lastWait() {
    return lastWait;
  }

  Duration waitBefore() {
    return waitBefore;
  }

  void setWaitBefore(Duration wait) {
    waitBefore = wait;
  }

  /** The deployment at the position, or null past the plan's end. */
  Deployment current() {
    return index < plan.size() ? plan.get(index) : null;
  }

  /** Whether a deployment follows the current one in the plan. */
  boolean hasNext() {
    return index + 1 < plan.size();
  }

  boolean hasLeft(Deployment deployment) {
    return movedOn.contains(deployment);
  }

  /** Takes {@code step}'s move: a retry here, or a new position with fresh retry state. */
  void take(Step step) {
    if (step instanceof Step.Retry retry) {
      retriesHere++;
      lastWait = retry.delay();
      waitBefore = retry.delay();
    } else if (step instanceof Step.Move move) {
      leaveCurrent();
      goTo(move.index());
    }
  }

  /**
   * Leaves the current deployment unattempted (its circuit or cooldown said no) for the next one. A
   * retry's wait, if one was taken before finding it closed, stays the wait before the next
   * attempt: the trace shows the wait actually taken.
   */
  void skip() {
    Duration waited = waitBefore;
    leaveCurrent();
    goTo(index + 1);
    waitBefore = waited;
  }

  /**
   * Replaces the plan after the current position with {@code rest}: a learned order proved wrong.
   */
  void replaceRest(List<Deployment> rest) {
    List<Deployment> next = new ArrayList<>(plan.subList(0, Math.min(index + 1, plan.size())));
    next.addAll(rest);
    plan = List.copyOf(next);
  }

  private void leaveCurrent() {
    Deployment current = current();
    if (current == null) {
      return;
    }
    if (movedOn.isEmpty()) {
      movedOn = new HashSet<>();
    }
    movedOn.add(current);
  }

  private void goTo(int next) {
    index = next;
    retriesHere = 0;
    lastWait = null;
    waitBefore = Duration.ZERO;
  }
}
