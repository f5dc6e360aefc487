package dev.lifeline;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call walking the cascade, as one loop: acquire a deployment → send → validate → decide →
 * apply. Not API.
 *
 * <p>{@link CascadeDecision} decides; this class only drives: it starts attempts, times them,
 * records them, and applies each {@link Step}. Attempts that end at once (a provider failing
 * synchronously) are handled in the loop, never by recursion. One timer per call guards the attempt
 * in flight: at the attempt's own limit (see {@link dev.lifeline.retry.AttemptTimeout}) the attempt
 * is abandoned as the deployment's {@code TIMEOUT}; at the deadline the call ends and blames no
 * provider. Every path that ends the call goes through {@link #finish}; any throwable of any step
 * ends it typed, with its trace. State is guarded by this object's lock; futures are completed,
 * listeners called and attempts started outside it.
 */
final class CascadeCall {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeCall.class);

  private final CascadeSettings settings;
  private final ChatRequest request;
  private final Duration deadline;
  private final long deadlineNanos;
  private final Consumer<String> onDelta; // null unless streaming
  private final boolean bestEffort;
  private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
  private final AnswerCheck check;
  private volatile int liveAttempt; // the attempt whose deltas may reach the caller
  private volatile boolean
      committed; // a delta reached the caller: no other deployment from here on

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

  private CascadeCall(CascadeSettings settings, CallSpec spec) {
    this.settings = settings;
    this.request = spec.request();
    this.deadline = spec.deadline();
    this.onDelta = spec.onDelta();
    this.bestEffort = spec.bestEffort();
    this.check = new AnswerCheck(spec.request(), spec.validators());
    long startNanos = settings.ticker().nanos();
    this.deadlineNanos = Durations.saturatedAdd(startNanos, Durations.toNanosSaturated(deadline));
    this.log = new AttemptLog(settings.ticker(), startNanos, spec.notes());
    this.position = new CascadePosition(spec.plan());
    LearnedBets bets = new LearnedBets(spec.plan(), spec.defaultPlan());
    this.bets = bets;
    this.chooser =
        new StepChooser(
            settings,
            request,
            spec.strategy(),
            onDelta != null,
            deadlineNanos,
            position,
            bets,
            log);
  }

  /**
   * Starts a call. A streaming call ({@link CallSpec#onDelta()} set) may move to another deployment
   * only until its first delta reached the caller.
   *
   * @return the running call; its {@link #future()} completes with the answer or a {@link
   *     LifelineException}
   */
  public static CascadeCall start(CascadeSettings settings, CallSpec spec) {
    CascadeCall call = new CascadeCall(settings, spec);
    // Registered first, so that a caller's cancel at any point reaches the attempt and the timer.
    call.result.whenComplete((answer, error) -> call.onFinished(error));
    if (spec.plan().isEmpty()) {
      call.finish(
          null,
          new NoDeploymentAvailableException(
              "no deployment can serve this request"
                  + (spec.notes().isEmpty() ? "" : ": " + String.join("; ", spec.notes())),
              call.traceSoFar()));
    } else {
      settings.budget().onFirstAttempt();
      call.run();
    }
    return call;
  }

  /** The call's result; cancelling it cancels the attempt in flight and any pending wait. */
  public CompletableFuture<ChatResponse> future() {
    return result;
  }

  /**
   * Waits for the outcome; an interrupt cancels the call and sets the thread's interrupt flag
   * again.
   *
   * @throws LifelineException the call's failure; {@link CallCancelledException} when cancelled
   */
  ChatResponse await() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while waiting for the call", traceSoFar());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LifelineException lifeline) {
        throw lifeline;
      }
      throw new IllegalStateException("unexpected failure in the cascade", e.getCause());
    } catch (CancellationException e) {
      throw new CallCancelledException("the call was cancelled", traceSoFar());
    }
  }

  /** The attempts made so far. */
  public synchronized CallTrace traceSoFar() {
    return log.trace();
  }

  /**
   * What an ended attempt leads to: its record, the step, and the call's end if the step ends it.
   */
  private record Next(
      Attempt attempt,
      Step step,
      Deployment deployment,
      Failure failure,
      ChatResponse answer,
      LifelineException error,
      boolean budgetRefused) {}

  /**
   * The loop: attempts that end at once are settled here; the others continue from their
   * completion.
   */
  private void run() {
    try {
      while (true) {
        Deployment deployment = acquire();
        CompletableFuture<ChatResponse> sent = deployment == null ? null : startAttempt(deployment);
        if (sent == null) {
          return;
        }
        if (!sent.isDone()) {
          sent.whenComplete(
              (answer, error) -> continueWith(() -> settle(deployment, sent, answer, error)));
          return;
        }
        ChatResponse answer = null;
        Throwable error = null;
        try {
          answer = sent.join();
        } catch (CompletionException | CancellationException e) {
          error = e;
        }
        if (!apply(settle(deployment, sent, answer, error))) {
          return;
        }
      }
    } catch (Throwable e) {
      failInternally(e);
    }
  }

  private void continueWith(java.util.function.Supplier<Next> settled) {
    try {
      if (apply(settled.get())) {
        run();
      }
    } catch (Throwable e) {
      failInternally(e);
    }
  }

  /**
   * The deployment to try now: the detour's, else the plan's current one if its circuit and
   * cooldowns let an attempt through, else the next that does (skips are noted). Null when the call
   * ended or must wait; when none is left, the call fails.
   */
  private Deployment acquire() {
    while (true) {
      Deployment candidate;
      boolean detour;
      boolean ownRetry;
      long retrySince;
      synchronized (this) {
        if (finished) {
          return null;
        }
        pendingWait = null;
        detour = bets.detour() != null;
        candidate = detour ? bets.detour().target() : position.current();
        ownRetry = !detour && candidate != null && candidate.equals(retrying);
        retrySince = retryingSinceNanos;
        retrying = null;
      }
      if (candidate == null) {
        break;
      }
      // A retry passes the cooldown its own failure started: that cooldown is for other calls.
      if (Guard.get(
          "tryAcquire",
          true,
          () ->
              ownRetry
                  ? settings.health().tryAcquireRetry(candidate, retrySince)
                  : settings.health().tryAcquire(candidate))) {
        return candidate;
      }
      String why =
          Guard.get(
              "unavailableReason",
              "unavailable",
              () -> settings.health().unavailableReason(candidate).orElse("unavailable"));
      Step resume;
      synchronized (this) {
        resume = chooser.unavailable(candidate, detour, why);
      }
      if (resume instanceof Step.Retry retry) {
        scheduleRetry(retry, null);
        return null;
      }
    }
    LifelineException error;
    synchronized (this) {
      String notes = String.join("; ", log.notes());
      error =
          log.size() == 0
              ? new NoDeploymentAvailableException(
                  "every deployment is unavailable: " + notes, log.trace())
              : new AllAttemptsFailedException(
                  "no available deployment left: " + notes, log.trace());
    }
    finish(null, error);
    return null;
  }

  /** Sends one attempt and arms its timer; null when the call ended meanwhile. */
  private CompletableFuture<ChatResponse> startAttempt(Deployment deployment) {
    int number;
    long due;
    synchronized (this) {
      if (finished) {
        settings.health().release(deployment);
        return null;
      }
      acquired = deployment;
      attemptStartNanos = settings.ticker().nanos();
      number = log.size() + 1;
      liveAttempt = number;
      due = chooser.attemptDue(deployment, attemptStartNanos);
      attemptDueNanos = due;
    }
    CompletableFuture<ChatResponse> sent = send(deployment, number);
    boolean live;
    synchronized (this) {
      live = !finished;
      if (live) {
        inFlight = sent;
      }
    }
    if (!live) {
      sent.cancel(
          true); // the call ended (a cancel) while the request was being sent; its permission went
      // with it
      return null;
    }
    if (!sent.isDone()) {
      armTimer(due);
    }
    return sent;
  }

  private CompletableFuture<ChatResponse> send(Deployment deployment, int number) {
    try {
      Provider provider = settings.providers().get(deployment.provider());
      CompletableFuture<ChatResponse> sent =
          onDelta == null
              ? provider.send(request, deployment.model())
              : provider.stream(
                  request, deployment.model(), delta -> deliver(number, deployment, delta));
      return sent != null
          ? sent
          : CompletableFuture.failedFuture(
              new NullPointerException(provider.name() + ".send returned null"));
    } catch (Throwable e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void deliver(int number, Deployment deployment, String delta) {
    if (liveAttempt != number || result.isDone() || delta == null || delta.isEmpty()) {
      return; // a late delta of an abandoned attempt
    }
    if (!committed) {
      long took = settings.ticker().nanos() - attemptStartNanos;
      Guard.run(
          "recordTimeToFirstToken",
          () ->
              settings
                  .health()
                  .recordTimeToFirstToken(deployment, Duration.ofNanos(Math.max(0, took))));
    }
    committed = true;
    onDelta.accept(delta);
  }

  /**
   * Turns an ended attempt into its record and next step; null when the call already moved past it.
   */
  private Next settle(
      Deployment deployment,
      CompletableFuture<ChatResponse> attempt,
      ChatResponse answer,
      Throwable error) {
    synchronized (this) {
      if (finished || attempt != inFlight) {
        return null; // the deadline, a cancel or the attempt's own timeout got here first
      }
    }
    boolean answered = error == null && answer != null;
    // Validators may be slow (an embedding model): they run outside the lock.
    List<Verdict> verdicts = answered ? check.validate(answer) : List.of();
    Failure failure =
        answered
            ? AnswerCheck.failureOf(verdicts)
            : FailureOf.attempt(
                settings.providers().get(deployment.provider()), error, settings.scrubber());
    Next next;
    Future<?> attemptTimer;
    Duration latency;
    synchronized (this) {
      if (finished || attempt != inFlight) {
        return null;
      }
      inFlight = null;
      acquired = null;
      attemptTimer = timer;
      timer = null;
      latency = Duration.ofNanos(Math.max(0, settings.ticker().nanos() - attemptStartNanos));
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
        next = decide(deployment, failure, verdicts);
      }
    }
    if (attemptTimer != null) {
      attemptTimer.cancel(false);
    }
    // Health first: the next attempt's permission must see this outcome (a cooldown, an open
    // circuit).
    Failure outcome = failure;
    Guard.run(
        "health",
        () -> {
          if (outcome == null) {
            settings.health().recordSuccess(deployment, latency);
            settings.health().recordRateLimits(deployment, answer.rateLimits());
          } else {
            settings.health().recordFailure(deployment, outcome, latency);
          }
        });
    return next;
  }

  /**
   * Chooses the step after {@code failure} and records the attempt with it. Caller holds the lock.
   */
  private Next decide(Deployment deployment, Failure failure, List<Verdict> verdicts) {
    StepChooser.Choice choice = chooser.choose(deployment, failure, committed);
    Step step = choice.step();
    ChatResponse best =
        step instanceof Step.Fail fail && fail.ending() == Step.Ending.EXHAUSTED && bestEffort
            ? check.best()
            : null;
    String reason =
        best == null
            ? step.reason()
            : step.reason() + "; best effort: returning the best answer seen";
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
            ? fail.ending().exception(failure, log.trace(), deadline)
            : null;
    finished = answer != null || error != null;
    return new Next(done, step, deployment, failure, answer, error, choice.budgetRefused());
  }

  /** Takes a settled attempt's step; true when the next thing to do is an attempt now. */
  private boolean apply(Next next) {
    if (next == null) {
      return false;
    }
    if (next.budgetRefused()) {
      settings.listener().onRetryBudgetExhausted(next.deployment());
    }
    settings.listener().onAttempt(next.attempt());
    if (next.answer() != null || next.error() != null) {
      finish(next.answer(), next.error());
      return false;
    }
    Step step = next.step() instanceof Step.Resume resume ? resume.resume() : next.step();
    if (step instanceof Step.Retry retry) {
      scheduleRetry(retry, next.failure());
      return false;
    }
    return true; // a move or a detour: the next attempt starts now
  }

  private void scheduleRetry(Step.Retry retry, Failure cause) {
    if (cause != null) {
      settings.listener().onRetryScheduled(retry.deployment(), retry.delay(), cause);
    }
    synchronized (this) {
      retrying = retry.deployment();
      retryingSinceNanos = attemptStartNanos;
    }
    Future<?> task = settings.scheduler().schedule(this::run, retry.delay());
    synchronized (this) {
      if (!finished) {
        pendingWait = task;
        return;
      }
    }
    task.cancel(false);
  }

  private void armTimer(long dueNanos) {
    long delay = Math.max(0, dueNanos - settings.ticker().nanos());
    Future<?> task = settings.scheduler().schedule(this::onTimer, Duration.ofNanos(delay));
    Future<?> previous;
    synchronized (this) {
      if (finished) {
        previous = task;
      } else {
        previous = timer;
        timer = task;
      }
    }
    if (previous != null) {
      previous.cancel(false);
    }
  }

  /**
   * The call's one timer: the deadline, or the attempt's own limit, or (a stream under way) a
   * re-arm.
   */
  private void onTimer() {
    try {
      Deployment deployment;
      CompletableFuture<ChatResponse> attempt;
      long rearm = 0;
      long limitNanos;
      boolean deadlinePassed;
      synchronized (this) {
        if (finished || inFlight == null) {
          return; // between attempts no timer is needed: a retry's wait is only taken if it fits
          // the deadline
        }
        timer = null;
        long now = settings.ticker().nanos();
        deadlinePassed = now - deadlineNanos >= 0;
        deployment = acquired;
        attempt = inFlight;
        limitNanos = attemptDueNanos - attemptStartNanos;
        if (!deadlinePassed && (committed || now - attemptDueNanos < 0)) {
          rearm =
              committed
                  ? deadlineNanos
                  : attemptDueNanos; // the transport's idle limit guards a stream under way
        }
      }
      if (rearm != 0) {
        armTimer(rearm);
      } else if (deadlinePassed) {
        onDeadline();
      } else {
        String what = onDelta == null ? "no answer" : "no first token";
        Duration limit = Duration.ofNanos(Math.max(0, limitNanos));
        Failure timeout =
            Failure.builder(ErrorKind.TIMEOUT)
                .message(
                    what
                        + " within "
                        + CascadeDecision.millis(limit)
                        + " (attempt timeout); abandoned for the next deployment")
                .build();
        Next next = settle(deployment, attempt, null, new ProviderException(timeout));
        attempt.cancel(true);
        continueWith(() -> next);
      }
    } catch (Throwable e) {
      failInternally(e);
    }
  }

  /**
   * The caller's budget ran out: the attempt in flight is abandoned, and no failure is recorded
   * against it.
   */
  private void onDeadline() {
    Attempt done = null;
    LifelineException error;
    synchronized (this) {
      if (finished) {
        return;
      }
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
      error =
          new DeadlineExceededException(reason + " after " + log.size() + " attempts", log.trace());
    }
    if (done != null) {
      settings.listener().onAttempt(done);
    }
    finish(null, error);
  }

  /**
   * Ends the call with an answer or an error; the future's completion then releases what it holds.
   */
  private void finish(ChatResponse answer, LifelineException error) {
    CallTrace trace = answer != null ? answer.trace() : error.trace();
    if (!result.isDone()) {
      // Learned in memory before the caller hears of it, so the caller's next call already knows.
      Guard.run("playbook.learn", () -> settings.playbook().learn(request, onDelta != null, trace));
    }
    if (answer != null ? result.complete(answer) : result.completeExceptionally(error)) {
      if (answer != null) {
        settings.listener().onCallSucceeded(answer);
      } else {
        settings.listener().onCallFailed(error, trace);
      }
    }
  }

  /** A bug of ours, or a throwable nobody guarded: the call still ends typed, with its trace. */
  private void failInternally(Throwable e) {
    if (result.isDone()) {
      LOG.error("the cascade failed after its call ended", e);
      return;
    }
    LOG.error("the cascade failed; the call ends with its trace", e);
    AllAttemptsFailedException error;
    synchronized (this) {
      error = new AllAttemptsFailedException("internal error in the cascade: " + e, log.trace(), e);
    }
    error.initCause(e);
    result.completeExceptionally(error);
  }

  /**
   * Runs once the result completes, whoever completed it: releases everything the call still holds.
   */
  private void onFinished(Throwable error) {
    Deployment releasing;
    CompletableFuture<ChatResponse> abandoned;
    Future<?> wait;
    Future<?> pendingTimer;
    Attempt done = null;
    synchronized (this) {
      boolean cancelledByCaller = !finished && error instanceof CancellationException;
      finished = true;
      releasing = acquired;
      abandoned = inFlight;
      wait = pendingWait;
      pendingTimer = timer;
      acquired = null;
      inFlight = null;
      pendingWait = null;
      timer = null;
      if (cancelledByCaller && abandoned != null) {
        done =
            log.record(
                releasing,
                attemptStartNanos,
                position.waitBefore(),
                null,
                List.of(),
                Decision.CANCELLED,
                "cancelled by the caller");
      }
    }
    if (pendingTimer != null) {
      pendingTimer.cancel(false);
    }
    if (abandoned != null) {
      abandoned.cancel(true);
    }
    if (releasing != null) {
      // The caller's budget ran out, or the caller cancelled: neither a success nor a failure.
      Guard.run("release", () -> settings.health().release(releasing));
    }
    if (wait != null) {
      wait.cancel(false);
    }
    if (done != null) {
      settings.listener().onAttempt(done);
    }
  }
}
