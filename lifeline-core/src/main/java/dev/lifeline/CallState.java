package dev.lifeline;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.model.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Where one {@link CascadeCall} stands, and every change to it: its attempt log and place in the
 * plan, the attempt in flight (its deployment, start, limit, future), the one timer, the pending
 * wait, the retry the next acquire is for, and whether the call finished. Not API.
 *
 * <p>All of it is guarded by this object's lock, and each method is one critical section: it reads
 * and writes the state and returns what the call must do next outside the lock. Nothing here sends,
 * schedules, completes a future or calls a listener; the one call out under the lock, kept from
 * before, is the health release of an attempt begun after the call finished.
 */
final class CallState {
  private final CascadeSettings settings;
  private final Duration deadline;
  private final long deadlineNanos;
  private final boolean bestEffort;
  private final AnswerCheck check;
  private volatile int liveAttempt; // the attempt whose deltas may reach the caller
  private volatile boolean
      committed; // a delta reached the caller: later attempts continue its text

  // Guarded by this.
  private final AttemptLog log;
  private final CascadePosition position;
  private final LearnedBets bets;
  private final StepChooser chooser;
  private boolean finished;
  private Deployment acquired; // holds the health permission of the attempt in flight
  private long attemptStartNanos;
  private long attemptDueNanos;
  private CompletableFuture<ChatResponse> inFlight;
  private Future<?> pendingWait;
  private Future<?> timer;
  private Deployment retrying; // the deployment a scheduled retry is for, until it is acquired
  private long retryingSinceNanos; // the start of the attempt whose failure that retry answers

  CallState(CascadeSettings settings, CallSpec spec, AnswerCheck check) {
    this.settings = settings;
    this.deadline = spec.deadline();
    this.bestEffort = spec.bestEffort();
    this.check = check;
    long startNanos = settings.ticker().nanos();
    this.deadlineNanos = Durations.saturatedAdd(startNanos, Durations.toNanosSaturated(deadline));
    this.log = new AttemptLog(settings.ticker(), startNanos, spec.notes());
    this.position = new CascadePosition(spec.plan());
    LearnedBets bets = new LearnedBets(spec.plan(), spec.defaultPlan());
    this.bets = bets;
    this.chooser =
        new StepChooser(
            settings,
            spec.request(),
            spec.strategy(),
            spec.onDelta() != null,
            deadlineNanos,
            position,
            bets,
            log);
  }

  /**
   * What an ended attempt leads to: its record, the step, and the call's end if the step ends it.
   */
  record Next(
      Attempt attempt,
      Step step,
      Deployment deployment,
      Failure failure,
      ChatResponse answer,
      LifelineException error,
      boolean budgetRefused) {}

  /**
   * The deployment to try next (null when none is left), whether it is the detour's, and whether it
   * is the one a scheduled retry is for, with the start of the attempt that retry answers, and
   * whether no deployment follows it in the plan.
   */
  record Candidate(
      Deployment deployment,
      boolean detour,
      boolean ownRetry,
      long retrySince,
      boolean lastResort) {}

  /** An attempt begun: its number in the log and when its own limit is due. */
  record Begun(int number, long dueNanos) {}

  /** A settled attempt: what it leads to, its timer to cancel, and how long it took. */
  record Settled(Next next, Future<?> timer, Duration latency) {}

  /**
   * What the timer found: the attempt in flight, when to re-arm (0 for not), its own limit, and
   * whether the deadline passed.
   */
  record TimerCheck(
      Deployment deployment,
      CompletableFuture<ChatResponse> attempt,
      long rearmNanos,
      long limitNanos,
      boolean deadlinePassed) {}

  /** How the call ends at its deadline: the abandoned attempt's record if any, and the error. */
  record DeadlineEnd(Attempt attempt, LifelineException error) {}

  /** What a finished call still held, to release: each may be null. */
  record Held(
      Deployment acquired,
      CompletableFuture<ChatResponse> inFlight,
      Future<?> pendingWait,
      Future<?> timer,
      Attempt cancelled) {}

  /** The attempts made so far. */
  synchronized CallTrace trace() {
    return log.trace();
  }

  /** The number of the attempt whose deltas may reach the caller; read without the lock. */
  int liveAttempt() {
    return liveAttempt;
  }

  /**
   * When the attempt in flight started. Read without the lock by a stream's first delta, after
   * {@link #liveAttempt()}: the volatile number, written after it, makes it visible.
   */
  long attemptStartNanos() {
    return attemptStartNanos;
  }

  /** Whether a delta reached the caller. */
  boolean committed() {
    return committed;
  }

  /** A delta reached the caller: later attempts continue its text (see StreamContinuation). */
  void commit() {
    committed = true;
  }

  /** Adds {@code note} to the trace. */
  synchronized void note(String note) {
    log.note(note);
  }

  /** The next candidate, clearing the pending wait and the retry mark; null when finished. */
  synchronized Candidate candidate() {
    if (finished) {
      return null;
    }
    pendingWait = null;
    boolean detour = bets.detour() != null;
    Deployment candidate = detour ? bets.detour().target() : position.current();
    boolean ownRetry = !detour && candidate != null && candidate.equals(retrying);
    long retrySince = retryingSinceNanos;
    retrying = null;
    return new Candidate(candidate, detour, ownRetry, retrySince, !position.hasNext());
  }

  /** Whether a member of the current deployment's group follows it in the plan. */
  synchronized boolean siblingAhead() {
    return position.current() != null
        && settings.balancer().hasSiblingAfter(position.plan(), position.index());
  }

  /** When the call's deadline passes, on the ticker. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** The step after {@code candidate} turned out unavailable (the skip is noted). */
  synchronized Step unavailable(Deployment candidate, boolean detour, String why) {
    return chooser.unavailable(candidate, detour, why);
  }

  /** Notes, once per call, each setting {@code deployment} left out of the request. */
  synchronized void noteUnsent(Deployment deployment, List<UnsentSetting> unsent) {
    for (UnsentSetting setting : unsent) {
      String note = deployment.id() + " was sent without " + setting;
      if (!log.notes().contains(note)) {
        log.note(note);
      }
    }
  }

  /** The error of a call with no available deployment left. */
  synchronized LifelineException noneLeft() {
    String notes = String.join("; ", log.notes());
    return log.size() == 0
        ? new NoDeploymentAvailableException(
            "every deployment is unavailable: " + notes, log.trace())
        : new AllAttemptsFailedException("no available deployment left: " + notes, log.trace());
  }

  /**
   * Makes {@code deployment} the attempt in flight; null when the call ended, its permission then
   * released.
   */
  synchronized Begun begin(Deployment deployment) {
    if (finished) {
      settings.health().release(deployment);
      return null;
    }
    acquired = deployment;
    attemptStartNanos = settings.ticker().nanos();
    int number = log.size() + 1;
    liveAttempt = number;
    long due = chooser.attemptDue(deployment, attemptStartNanos);
    attemptDueNanos = due;
    return new Begun(number, due);
  }

  /** Records the sent attempt's future; false when the call ended while it was being sent. */
  synchronized boolean sent(CompletableFuture<ChatResponse> sent) {
    boolean live = !finished;
    if (live) {
      inFlight = sent;
    }
    return live;
  }

  /** Whether {@code attempt} is still the call's attempt in flight. */
  synchronized boolean isCurrent(CompletableFuture<ChatResponse> attempt) {
    return !finished && attempt == inFlight;
  }

  /**
   * Settles {@code attempt}: accepted when {@code failure} is null, else the next step is chosen;
   * null when the call already moved past it.
   */
  synchronized Settled settle(
      Deployment deployment,
      CompletableFuture<ChatResponse> attempt,
      ChatResponse answer,
      boolean answered,
      Failure failure,
      List<Verdict> verdicts) {
    if (finished || attempt != inFlight) {
      return null;
    }
    inFlight = null;
    acquired = null;
    Future<?> attemptTimer = timer;
    timer = null;
    Duration latency = Duration.ofNanos(Math.max(0, settings.ticker().nanos() - attemptStartNanos));
    Next next;
    if (failure == null) {
      finished = true;
      Attempt done =
          log.record(
              deployment,
              attemptStartNanos,
              position.waitBefore(),
              null,
              verdicts,
              Decision.ACCEPT,
              "");
      next =
          new Next(
              done,
              new Step.Accept(answer, ""),
              deployment,
              null,
              answer.withTrace(log.trace()),
              null,
              false);
    } else {
      if (answered) {
        check.keepIfBest(answer, verdicts);
      }
      next = decide(deployment, failure, verdicts, answered);
    }
    return new Settled(next, attemptTimer, latency);
  }

  /**
   * Chooses the step after {@code failure} and records the attempt with it; {@code answered}: the
   * attempt's answer came whole but was rejected. Caller holds the lock.
   */
  private Next decide(
      Deployment deployment, Failure failure, List<Verdict> verdicts, boolean answered) {
    // A stream broken after text reached the caller goes on as any failed call does: the next
    // attempt continues the text (see StreamContinuation). One that ended whole and was rejected
    // has nothing to continue: its text is all with the caller, so the call ends.
    StepChooser.Choice choice = chooser.choose(deployment, failure, committed && answered);
    Step step = choice.step();
    ChatResponse best =
        step instanceof Step.Fail fail && fail.ending() == Step.Ending.EXHAUSTED && bestEffort
            ? check.best()
            : null;
    String reason =
        best == null
            ? step.reason()
            : step.reason() + "; best effort: returning the best answer seen";
    if (committed) {
      reason += "; the stream broke after text reached the caller";
    }
    Attempt done =
        log.record(
            deployment,
            attemptStartNanos,
            position.waitBefore(),
            failure,
            verdicts,
            step.decision(),
            reason);
    chooser.take(step);
    ChatResponse answer = best == null ? null : best.withTrace(log.trace());
    LifelineException error =
        best == null && step instanceof Step.Fail fail
            // The caller holds part of an answer that no continuation finished: say so.
            ? (committed ? Step.Ending.STREAM_BROKEN : fail.ending())
                .exception(failure, log.trace(), deadline)
            : null;
    finished = answer != null || error != null;
    return new Next(done, step, deployment, failure, answer, error, choice.budgetRefused());
  }

  /**
   * A hedged attempt ended with a backup beside it: the trace notes the race and records the other
   * side as an attempt of its own ({@link Decision#HEDGE_LOST}), so that the trace has one attempt
   * per request sent; when the backup answered, the attempt is timed from the backup's start.
   * Returns the other side's attempt, or null when the call already finished.
   */
  synchronized Attempt hedged(HedgedAttempt.Outcome hedge) {
    if (finished) {
      return null;
    }
    log.note(hedge.note());
    attemptStartNanos = hedge.answeringStartNanos();
    long now = settings.ticker().nanos();
    return log.record(
        hedge.other(),
        hedge.otherStartNanos(),
        hedge.otherEndNanos() < 0 ? now : hedge.otherEndNanos(),
        Duration.ZERO,
        hedge.otherFailure(),
        List.of(),
        Decision.HEDGE_LOST,
        hedge.otherFailure() == null
            ? "hedge race lost: cancelled, " + hedge.answering().id() + " answered first"
            : "hedge side failed; the call went on with " + hedge.answering().id());
  }

  /** Marks {@code deployment} as the one a scheduled retry is for, since the last attempt. */
  synchronized void retrying(Deployment deployment) {
    retrying = deployment;
    retryingSinceNanos = attemptStartNanos;
  }

  /** Keeps {@code task} as the pending wait; false when the call finished (then cancel it). */
  synchronized boolean waiting(Future<?> task) {
    if (!finished) {
      pendingWait = task;
      return true;
    }
    return false;
  }

  /**
   * Makes {@code task} the call's one timer; returns the timer to cancel (the task if finished).
   */
  synchronized Future<?> replaceTimer(Future<?> task) {
    if (finished) {
      return task;
    }
    Future<?> previous = timer;
    timer = task;
    return previous;
  }

  /** What the timer must do now; null when the call finished or no attempt is in flight. */
  synchronized TimerCheck timerFired() {
    if (finished || inFlight == null) {
      return null; // between attempts no timer is needed: a retry's wait is only taken if it fits
      // the deadline
    }
    timer = null;
    long now = settings.ticker().nanos();
    boolean deadlinePassed = now - deadlineNanos >= 0;
    long rearm = 0;
    if (!deadlinePassed && (committed || now - attemptDueNanos < 0)) {
      rearm =
          committed
              ? deadlineNanos
              : attemptDueNanos; // the transport's idle limit guards a stream under way
    }
    return new TimerCheck(
        acquired, inFlight, rearm, attemptDueNanos - attemptStartNanos, deadlinePassed);
  }

  /**
   * Ends the call at its deadline: the attempt in flight is recorded as abandoned, blaming no
   * provider; null when the call already finished.
   */
  synchronized DeadlineEnd deadlinePassed() {
    if (finished) {
      return null;
    }
    Attempt done = null;
    String reason = "deadline of " + CascadeDecision.millis(deadline) + " passed";
    if (inFlight != null) {
      done =
          log.record(
              acquired,
              attemptStartNanos,
              position.waitBefore(),
              null,
              List.of(),
              Decision.DEADLINE,
              reason + " during the attempt");
    }
    return new DeadlineEnd(
        done,
        new DeadlineExceededException(reason + " after " + log.size() + " attempts", log.trace()));
  }

  /**
   * Marks the call finished (its result completed with {@code error}, null for an answer) and hands
   * back what it still held; an attempt the caller cancelled is recorded.
   */
  synchronized Held markFinished(Throwable error) {
    boolean cancelledByCaller = !finished && error instanceof CancellationException;
    finished = true;
    Held held = new Held(acquired, inFlight, pendingWait, timer, null);
    acquired = null;
    inFlight = null;
    pendingWait = null;
    timer = null;
    if (cancelledByCaller && held.inFlight() != null) {
      Attempt done =
          log.record(
              held.acquired(),
              attemptStartNanos,
              position.waitBefore(),
              null,
              List.of(),
              Decision.CANCELLED,
              "cancelled by the caller");
      held = new Held(held.acquired(), held.inFlight(), held.pendingWait(), held.timer(), done);
    }
    return held;
  }
}
