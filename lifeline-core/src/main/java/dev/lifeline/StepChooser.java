package dev.lifeline;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.routing.FallbackStrategy;
import java.time.Duration;

/**
 * Chooses one call's step after a failed attempt, and moves its position there: the learned bets'
 * step when one applies, else the {@link CascadeDecision}'s, within the retry budget, then maybe a
 * learned detour. Not thread-safe: the call guards it with its own lock. Not API.
 */
final class StepChooser {

  /** The step, and whether the retry budget refused a token on the way. */
  record Choice(Step step, boolean budgetRefused) {}

  private final CascadeSettings settings;
  private final ChatRequest request;
  private final FallbackStrategy strategy;
  private final boolean streaming;
  private final long deadlineNanos;
  private final CascadePosition position;
  private final LearnedBets bets;
  private final AttemptLog log;
  private CascadeDecision decision; // made on the first failure: most calls have none

  StepChooser(
      CascadeSettings settings,
      ChatRequest request,
      FallbackStrategy strategy,
      boolean streaming,
      long deadlineNanos,
      CascadePosition position,
      LearnedBets bets,
      AttemptLog log) {
    this.settings = settings;
    this.request = request;
    this.strategy = strategy;
    this.streaming = streaming;
    this.deadlineNanos = deadlineNanos;
    this.position = position;
    this.bets = bets;
    this.log = log;
  }

  /**
   * The step after {@code deployment} failed with {@code failure}; {@code committed}: a stream
   * reached the caller.
   */
  Choice choose(Deployment deployment, Failure failure, boolean committed) {
    if (decision == null) {
      decision = new CascadeDecision(settings.remedies(), settings.retryPolicy());
    }
    Step step;
    boolean refused = false;
    if (bets.detour() != null) {
      step = bets.detourFailed(deployment, position);
    } else if (!committed && bets.isPromoted(deployment) && !decision.failsFast(failure)) {
      step = bets.orderFailed(deployment, position, this::rescues);
      if (step.budgeted() && !settings.budget().tryAcquire()) {
        refused = true;
        step = CascadeDecision.exhausted("retry budget exhausted: no failover", false);
      }
    } else {
      step = decision.decide(situation(deployment, failure, committed, true));
      if (step.budgeted() && !settings.budget().tryAcquire()) {
        refused = true;
        step = decision.decide(situation(deployment, failure, committed, false));
      }
      step =
          bets.maybeDetour(
              step,
              deployment,
              failure,
              request,
              streaming,
              settings.playbook(),
              settings.health(),
              position,
              log);
    }
    Deployment here = position.current();
    if (step instanceof Step.Retry retry && here != null && !retry.deployment().equals(here)) {
      // A hedge's backup answered for the attempt and failed: a retry is at the plan's position.
      step =
          new Step.Retry(
              here,
              retry.delay(),
              retry.reason()
                  + " on "
                  + here.id()
                  + " ("
                  + deployment.id()
                  + " was the hedge's backup)");
    }
    return new Choice(step, refused);
  }

  /** Moves the position as {@code step} says, once its attempt is recorded. */
  void take(Step step) {
    if (step instanceof Step.Detour) {
      position.setWaitBefore(Duration.ZERO); // the detour is tried at once
    } else {
      position.take(step instanceof Step.Resume resume ? resume.resume() : step);
    }
  }

  /**
   * {@code candidate} would not take an attempt now: notes why and moves on, to the next plan
   * position, or from an unavailable detour to the step it put off, which is returned.
   */
  Step unavailable(Deployment candidate, boolean detour, String why) {
    if (!detour) {
      log.note("skipped " + candidate.id() + ": " + why);
      position.skip();
      return null;
    }
    log.note("learned remedy not tried: " + candidate.id() + " is unavailable");
    Step resume = bets.endDetour();
    position.take(resume);
    return resume;
  }

  /**
   * When an attempt on {@code deployment} starting at {@code now} is to be abandoned: its own
   * limit, capped by what the deadline leaves less the reserve for the next deployment; the
   * deadline itself when it is the last the call can try.
   */
  long attemptDue(Deployment deployment, long now) {
    boolean elsewhere =
        bets.detour() != null || (strategy != FallbackStrategy.RETRY_ONLY && position.hasNext());
    if (!elsewhere) {
      return deadlineNanos;
    }
    AttemptTimeout timeout = settings.attemptTimeout();
    Duration p99 =
        timeout.adaptive()
            ? Guard.get(
                "p99TimeToAnswer",
                null,
                () ->
                    settings
                        .health()
                        .p99TimeToAnswer(deployment, streaming, timeout.minSamples())
                        .orElse(null))
            : null;
    Duration limit = timeout.limit(Duration.ofNanos(Math.max(0, deadlineNanos - now)), p99);
    return Math.min(deadlineNanos, Durations.saturatedAdd(now, Durations.toNanosSaturated(limit)));
  }

  private CascadeDecision.Situation situation(
      Deployment deployment, Failure failure, boolean committed, boolean budgetLeft) {
    return new CascadeDecision.Situation(
        deployment,
        failure,
        position.plan(),
        position.index(),
        position.retriesHere(),
        position.lastWait(),
        strategy,
        committed,
        settings.ticker().nanos(),
        deadlineNanos,
        budgetLeft,
        this::rescues,
        request.estimatedPromptTokens(),
        settings.random());
  }

  /** Whether moving to {@code target} rescues the call: not tried yet, and healthy. */
  private boolean rescues(Deployment target) {
    return !log.hasAttempted(target)
        && Guard.get("isHealthy", false, () -> settings.health().isHealthy(target));
  }
}
