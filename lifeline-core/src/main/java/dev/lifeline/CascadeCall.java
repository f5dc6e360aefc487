package dev.lifeline;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.HttpProvider;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.Provider;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * ends it typed, with its trace. State is kept by {@link CallState} under its lock; futures are
 * completed, listeners called and attempts started here, outside it.
 */
final class CascadeCall {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeCall.class);

  private final CascadeSettings settings;
  private final ChatRequest request;
  private final Consumer<String> onDelta; // null unless streaming
  private final String sessionKey; // null unless the call keeps a conversation's deployment
  private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
  private final AnswerCheck check;
  private final CallState state;
  private final AttemptSender sender;
  private final Hedger hedger;
  private final LimitCheck limits;
  private final CallListener listener; // hears this call only
  private final AtomicBoolean ended = new AtomicBoolean(); // the listener heard the call's end

  /**
   * Where the call continues after an attempt ends; a blocking call's own thread, if it has one.
   */
  private final java.util.concurrent.Executor continuation;

  /** The blocking caller's loop; null for an asynchronous call. */
  private final CallerLoop loop;

  private CascadeCall(CascadeSettings settings, CallSpec spec, CallerLoop loop) {
    this.settings = settings;
    this.request = spec.request();
    this.onDelta = spec.onDelta();
    this.sessionKey = spec.sessionKey();
    this.check = new AnswerCheck(spec.request(), spec.validators());
    this.state = new CallState(settings, spec, check);
    // On the caller's thread, before any attempt: a tracer takes the caller's context from here.
    CallStart start =
        new CallStart(spec.request(), spec.plan(), spec.onDelta() != null, spec.learnedMoves());
    this.listener =
        Guard.get(
            "onCallStarted", CallListener.NONE, () -> settings.listener().onCallStarted(start));
    this.sender = new AttemptSender(settings, request, onDelta, result, state, listener, loop);
    this.hedger =
        new Hedger(settings, spec.hedging(), spec.plan(), sender, spec.onDelta() != null, request);
    this.limits = new LimitCheck(settings, request, state);
    this.loop = loop;
    this.continuation = loop != null ? loop : settings.continuation();
  }

  /**
   * Starts a call. A streaming call ({@link CallSpec#onDelta()} set) may move to another deployment
   * only until its first delta reached the caller.
   *
   * @return the running call; its {@link #future()} completes with the answer or a {@link
   *     LifelineException}
   */
  public static CascadeCall start(CascadeSettings settings, CallSpec spec) {
    return start(settings, spec, null);
  }

  /**
   * Starts a call whose caller will {@link #await()} it: its steps after each attempt run on the
   * caller's thread, inside {@code await}.
   */
  static CascadeCall startBlocking(CascadeSettings settings, CallSpec spec) {
    return start(settings, spec, new CallerLoop());
  }

  private static CascadeCall start(CascadeSettings settings, CallSpec spec, CallerLoop loop) {
    CascadeCall call = new CascadeCall(settings, spec, loop);
    // Registered first, so that a caller's cancel at any point reaches the attempt and the timer.
    call.result.whenComplete(call::onFinished);
    if (loop != null) {
      call.result.whenComplete((answer, error) -> loop.wake());
    }
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
      if (loop != null) {
        try {
          loop.drainUntil(result::isDone);
        } finally {
          loop.stop();
        }
      }
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
  public CallTrace traceSoFar() {
    return state.trace();
  }

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
          sent.whenCompleteAsync(
              (answer, error) -> continueWith(() -> settle(deployment, sent, answer, error)),
              continuation);
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

  private void continueWith(Supplier<CallState.Next> settled) {
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
      CallState.Candidate next = state.candidate();
      if (next == null) {
        return null;
      }
      Deployment candidate = next.deployment();
      if (candidate == null) {
        break;
      }
      // A retry passes the cooldown its own failure started: that cooldown is for other calls. On
      // the last deployment left, so does a circuit its own failure opened.
      if (Guard.get(
          "tryAcquire",
          true,
          () ->
              next.ownRetry()
                  ? settings
                      .health()
                      .tryAcquireRetry(candidate, next.retrySince(), next.lastResort())
                  : settings.health().tryAcquire(candidate))) {
        LimitCheck.Refusal full = limits.admit(candidate, next.detour());
        if (full == null) {
          return candidate;
        }
        Guard.run("release", () -> settings.health().release(candidate));
        if (full.waitNanos() > 0) {
          waitForRoom(full);
          return null;
        }
        Step resume = state.unavailable(candidate, next.detour(), full.reason());
        if (resume instanceof Step.Retry retry) {
          scheduleRetry(retry, null);
          return null;
        }
        continue;
      }
      String why =
          Guard.get(
              "unavailableReason",
              "unavailable",
              () -> settings.health().unavailableReason(candidate).orElse("unavailable"));
      Step resume = state.unavailable(candidate, next.detour(), why);
      if (resume instanceof Step.Retry retry) {
        scheduleRetry(retry, null);
        return null;
      }
    }
    finish(null, state.noneLeft());
    return null;
  }

  /** Sends one attempt and arms its timer; null when the call ended meanwhile. */
  private CompletableFuture<ChatResponse> startAttempt(Deployment deployment) {
    CallState.Begun begun = state.begin(deployment);
    if (begun == null) {
      limits.abandon(deployment);
      return null;
    }
    listener.onAttemptStarted(begun.number(), deployment, endpoint(deployment));
    CompletableFuture<ChatResponse> sent =
        hedger.send(deployment, begun.number(), state.attemptStartNanos());
    // The primary's admission ends with the attempt; a hedge's backup takes its own (see Hedger).
    limits.attach(deployment, sent);
    if (!state.sent(sent)) {
      // The call ended (a cancel) while the request was being sent; its permission went with it.
      sent.cancel(true);
      return null;
    }
    if (!sent.isDone()) {
      armTimer(begun.dueNanos());
    }
    return sent;
  }

  /** Where {@code deployment}'s provider is, when it is an HTTP provider; null otherwise. */
  private URI endpoint(Deployment deployment) {
    Provider provider = settings.providers().get(deployment.provider());
    return provider instanceof HttpProvider<?, ?> http ? http.baseUrl() : null;
  }

  /** Tells both the engine's listeners and this call's that {@code attempt} ended. */
  private void attempted(Attempt attempt) {
    settings.listener().onAttempt(attempt);
    listener.onAttempt(attempt);
  }

  /**
   * Turns an ended attempt into its record and next step; null when the call already moved past it.
   */
  private CallState.Next settle(
      Deployment deployment,
      CompletableFuture<ChatResponse> attempt,
      ChatResponse answer,
      Throwable error) {
    if (!state.isCurrent(attempt)) {
      return null; // the deadline, a cancel or the attempt's own timeout got here first
    }
    // A hedged attempt's result may be its backup's: settled, recorded and traced as that one's.
    HedgedAttempt.Outcome hedge = hedger.outcome(attempt);
    Deployment answering = hedge == null ? deployment : hedge.answering();
    boolean answered = error == null && answer != null;
    // Validators may be slow (an embedding model): they run outside the lock.
    List<Verdict> verdicts = answered ? check.validate(answer) : List.of();
    Failure failure =
        answered
            ? AnswerCheck.failureOf(verdicts)
            : FailureOf.attempt(
                settings.providers().get(answering.provider()), error, settings.scrubber());
    if (hedge != null) {
      Attempt other = state.hedged(hedge);
      if (other != null) {
        attempted(other);
      }
    }
    CallState.Settled settled =
        state.settle(answering, attempt, answer, answered, failure, verdicts);
    if (settled == null) {
      return null;
    }
    if (settled.timer() != null) {
      settled.timer().cancel(false);
    }
    // Health first: the next attempt's permission must see this outcome (a cooldown, an open
    // circuit).
    Duration latency = settled.latency();
    Guard.run(
        "health",
        () -> {
          if (hedge != null && hedge.releasePrimary()) {
            settings.health().release(deployment); // it lost the race: neither success nor failure
          }
          if (hedge != null && hedge.answeringRecorded()) {
            return;
          }
          if (failure == null) {
            settings.health().recordSuccess(answering, latency);
            settings.health().recordRateLimits(answering, answer.rateLimits());
          } else {
            settings.health().recordFailure(answering, failure, latency);
          }
        });
    return settled.next();
  }

  /** Takes a settled attempt's step; true when the next thing to do is an attempt now. */
  private boolean apply(CallState.Next next) {
    if (next == null) {
      return false;
    }
    if (next.budgetRefused()) {
      settings.listener().onRetryBudgetExhausted(next.deployment());
    }
    attempted(next.attempt());
    if (next.step() instanceof Step.Detour detour) {
      listener.onLearnedDetour(next.deployment(), detour.target());
    }
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

  /** Every deployment left is at a client-side limit: asks again once one has room. */
  private void waitForRoom(LimitCheck.Refusal full) {
    if (limits.firstWait()) {
      state.note("waiting for room: " + full.reason());
    }
    Future<?> task = settings.scheduler().schedule(this::run, Duration.ofNanos(full.waitNanos()));
    if (!state.waiting(task)) {
      task.cancel(false);
    }
  }

  private void scheduleRetry(Step.Retry retry, Failure cause) {
    if (cause != null) {
      settings.listener().onRetryScheduled(retry.deployment(), retry.delay(), cause);
      listener.onRetryScheduled(retry.deployment(), retry.delay(), cause);
    }
    state.retrying(retry.deployment());
    Future<?> task = settings.scheduler().schedule(this::run, retry.delay());
    if (!state.waiting(task)) {
      task.cancel(false);
    }
  }

  private void armTimer(long dueNanos) {
    long delay = Math.max(0, dueNanos - settings.ticker().nanos());
    Future<?> task = settings.scheduler().schedule(this::onTimer, Duration.ofNanos(delay));
    Future<?> previous = state.replaceTimer(task);
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
      CallState.TimerCheck fired = state.timerFired();
      if (fired == null) {
        return;
      }
      if (fired.rearmNanos() != 0) {
        armTimer(fired.rearmNanos());
      } else if (fired.deadlinePassed()) {
        onDeadline();
      } else {
        Failure timeout =
            FailureOf.attemptTimeout(
                onDelta != null, Duration.ofNanos(Math.max(0, fired.limitNanos())));
        CompletableFuture<ChatResponse> attempt = fired.attempt();
        CallState.Next next =
            settle(fired.deployment(), attempt, null, new ProviderException(timeout));
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
    CallState.DeadlineEnd end = state.deadlinePassed();
    if (end == null) {
      return;
    }
    if (end.attempt() != null) {
      attempted(end.attempt());
    }
    finish(null, end.error());
  }

  /**
   * Ends the call with an answer or an error; the future's completion then releases what it holds.
   */
  private void finish(ChatResponse answer, LifelineException error) {
    CallTrace trace = answer != null ? answer.trace() : error.trace();
    if (!result.isDone()) {
      // Learned in memory before the caller hears of it, so the caller's next call already knows.
      Guard.run("playbook.learn", () -> settings.playbook().learn(request, onDelta != null, trace));
      if (answer != null && sessionKey != null) {
        Guard.run("affinity", () -> settings.balancer().served(sessionKey, trace));
      }
      // Told before the caller hears of it too, so a span or an observation of the call has ended
      // when the caller's own ends.
      ended(answer, error);
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
    AllAttemptsFailedException error =
        new AllAttemptsFailedException("internal error in the cascade: " + e, state.trace(), e);
    error.initCause(e);
    result.completeExceptionally(error);
  }

  /**
   * Runs once the result completes, whoever completed it: releases everything the call still holds,
   * then tells this call's listener how it ended, unless {@link #finish} already did (a cancel, an
   * internal failure).
   */
  private void onFinished(ChatResponse answer, Throwable error) {
    CallState.Held held = state.markFinished(error);
    if (held.timer() != null) {
      held.timer().cancel(false);
    }
    if (held.inFlight() != null) {
      held.inFlight().cancel(true);
    }
    Deployment releasing = held.acquired();
    if (releasing != null) {
      // The caller's budget ran out, or the caller cancelled: neither a success nor a failure.
      Guard.run("release", () -> settings.health().release(releasing));
    }
    if (held.pendingWait() != null) {
      held.pendingWait().cancel(false);
    }
    if (held.cancelled() != null) {
      attempted(held.cancelled());
    }
    ended(
        answer,
        error == null || error instanceof LifelineException
            ? (LifelineException) error
            : new CallCancelledException("the call was cancelled", state.trace()));
  }

  /** Tells this call's listener how the call ended, once: the first of its two paths wins. */
  private void ended(ChatResponse answer, LifelineException error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (answer != null) {
      listener.onSucceeded(answer);
    } else {
      listener.onFailed(error, error.trace());
    }
  }
}
