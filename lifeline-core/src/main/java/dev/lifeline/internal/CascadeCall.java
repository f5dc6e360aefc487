package dev.lifeline.internal;

import dev.lifeline.AllAttemptsFailedException;
import dev.lifeline.BadRequestException;
import dev.lifeline.DeadlineExceededException;
import dev.lifeline.FallbackStrategy;
import dev.lifeline.LifelineException;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.Remedy;
import dev.lifeline.failure.RemedyRule;
import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.LearnedRemedy;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Deployment;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderException;
import dev.lifeline.retry.RetryWait;
import dev.lifeline.trace.Attempt;
import dev.lifeline.trace.CallTrace;
import dev.lifeline.trace.Decision;
import dev.lifeline.validation.ResponseValidator;
import dev.lifeline.validation.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call walking the cascade: attempt, classify, then retry, degrade, fail over or stop. Not API.
 *
 * <p>Steps are driven by completions (an attempt's future, a scheduled wait, the deadline timer) and
 * never block a thread. State is guarded by this object's lock; futures are completed, listeners called
 * and the next attempt started outside it, so user code never runs under the lock.
 */
public final class CascadeCall {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeCall.class);

  private final CascadeSettings settings;
  private final ChatRequest request;
  private final List<Deployment> plan; // guarded by this: the playbook's order, until a learned hint fails
  private final List<Deployment> defaultPlan;
  private final Set<Deployment> promoted; // deployments the playbook moved ahead of their routed place
  private final FallbackStrategy strategy;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration deadline;
  private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
  private final Consumer<String> onDelta; // null unless streaming
  private final List<ResponseValidator> validators;
  private final boolean bestEffort;
  private volatile int liveAttempt; // the attempt whose deltas may reach the caller
  private volatile boolean committed; // a delta reached the caller: no failover from here on

  // Guarded by this.
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private volatile Deployment acquired; // the deployment whose health permission the attempt in flight holds
  private int index;
  private int retriesHere;
  private Duration lastWait;
  private Duration waitBeforeCurrent = Duration.ZERO; // the wait that preceded the attempt in flight
  private long attemptStartNanos;
  private CompletableFuture<ChatResponse> inFlight;
  private Future<?> pendingWait;
  private Future<?> deadlineTimer;
  private boolean finished;
  private List<Verdict> verdictsOfCurrent = List.of();
  private ChatResponse bestAnswer; // the best answer that failed validation, for best effort
  private long bestRank = Long.MIN_VALUE;
  private Deployment current; // the deployment of the attempt in flight: plan[index], or a detour's
  private Set<Deployment> movedOn = Set.of(); // left for good by the cascade; a HashSet once one is
  // Learned hints are bets: at most one may be lost per call, and a lost one costs one attempt, after
  // which the call walks the configured cascade.
  private boolean betLost;
  private boolean detourUsed;
  private boolean detourActive; // the next attempt goes to detourTarget, then resumeStep if it fails
  private Deployment detourTarget;
  private Step resumeStep;
  private Duration resumeWaitBefore = Duration.ZERO;

  private CascadeCall(CascadeSettings settings, CallSpec spec) {
    this.settings = settings;
    this.request = spec.request();
    this.plan = new ArrayList<>(spec.plan());
    this.defaultPlan = spec.defaultPlan();
    this.promoted = promoted(spec.plan(), spec.defaultPlan());
    this.strategy = spec.strategy();
    this.deadline = spec.deadline();
    this.validators = spec.validators();
    this.bestEffort = spec.bestEffort();
    this.onDelta = spec.onDelta();
    this.notes.addAll(spec.notes());
    this.startNanos = settings.ticker().nanos();
    this.deadlineNanos = saturatedAdd(startNanos, deadline.toNanos());
  }

  /**
   * Starts a call. A streaming call ({@link CallSpec#onDelta()} set) may move to another deployment only
   * until its first delta reached the caller; after that a failure ends the call, since another
   * deployment would repeat text the caller already has.
   *
   * @return the running call; its {@link #future()} completes with the answer or a
   *     {@link LifelineException}
   */
  public static CascadeCall start(CascadeSettings settings, CallSpec spec) {
    CascadeCall call = new CascadeCall(settings, spec);
    call.begin();
    return call;
  }

  /** The call's result; cancelling it cancels the attempt in flight and any pending wait. */
  public CompletableFuture<ChatResponse> future() {
    return result;
  }

  /** The attempts made so far. */
  public synchronized CallTrace traceSoFar() {
    return trace();
  }

  private void begin() {
    // Registered first, so that a caller's cancel at any point reaches the attempt and the timers.
    result.whenComplete((answer, error) -> onFinished(error));
    if (plan.isEmpty()) {
      fail(new AllAttemptsFailedException("no deployment can serve this request", traceSoFar()));
      return;
    }
    settings.budget().onFirstAttempt();
    attempt();
    // Armed after the first attempt started, not before: a call that already ended (a provider that
    // answers at once, a cache) then never arms and cancels a timer, which costs a wake-up of the
    // timer thread. The deadline still counts from the call's start.
    synchronized (this) {
      if (finished) {
        return;
      }
    }
    Future<?> timer =
        settings.scheduler().schedule(this::onDeadline, Duration.ofNanos(Math.max(0, deadlineNanos - settings.ticker().nanos())));
    synchronized (this) {
      deadlineTimer = timer;
      if (finished) {
        timer.cancel(false);
      }
    }
  }

  private void attempt() {
    boolean detour;
    synchronized (this) {
      detour = detourActive;
    }
    Deployment deployment = detour ? acquireDetour() : acquireNext();
    if (deployment == null) {
      return;
    }
    int attemptNumber;
    synchronized (this) {
      if (finished) {
        releaseQuietly(deployment);
        return;
      }
      acquired = deployment;
      current = deployment;
      attemptStartNanos = settings.ticker().nanos();
      attemptNumber = attempts.size() + 1;
      liveAttempt = attemptNumber;
    }
    CompletableFuture<ChatResponse> sent;
    try {
      Provider provider = settings.providers().get(deployment.provider());
      sent =
          onDelta == null
              ? provider.send(request, deployment.model())
              : provider.stream(request, deployment.model(), delta -> deliver(attemptNumber, delta));
      if (sent == null) {
        sent = CompletableFuture.failedFuture(new NullPointerException(provider.name() + ".send returned null"));
      }
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    boolean abandon;
    boolean release = false;
    synchronized (this) {
      abandon = finished;
      if (!abandon) {
        inFlight = sent;
      } else if (acquired == deployment) {
        acquired = null; // whoever finished the call did not release it yet
        release = true;
      }
    }
    if (abandon) {
      sent.cancel(true);
      if (release) {
        releaseQuietly(deployment);
      }
      return;
    }
    CompletableFuture<ChatResponse> attempt = sent;
    attempt.whenComplete((answer, error) -> onAttemptDone(deployment, attempt, answer, error));
  }

  private void onAttemptDone(
      Deployment deployment, CompletableFuture<ChatResponse> attempt, ChatResponse answer, Throwable error) {
    synchronized (this) {
      if (finished || attempt != inFlight) {
        return; // the deadline or a cancel got here first
      }
    }
    boolean answered = error == null && answer != null;
    // Validators may be slow (an embedding model): they run outside the lock.
    List<Verdict> verdicts = answered ? validate(answer) : List.of();
    Step step;
    Runnable health;
    synchronized (this) {
      if (finished || attempt != inFlight) {
        return;
      }
      inFlight = null;
      acquired = null;
      Duration latency = Duration.ofNanos(Math.max(0, settings.ticker().nanos() - attemptStartNanos));
      verdictsOfCurrent = verdicts;
      List<Verdict> failed = failedOf(verdicts);
      if (answered && failed.isEmpty()) {
        health = () -> {
          settings.health().recordSuccess(deployment, latency);
          settings.health().recordRateLimits(deployment, answer.rateLimits());
        };
        Attempt done = record(deployment, null, Decision.ACCEPT, "");
        finished = true;
        step = Step.answer(done, answer.withTrace(trace()));
      } else {
        Failure failure;
        if (answered) {
          keepIfBest(answer, verdicts);
          failure = validationFailure(failed);
        } else {
          failure = classify(deployment, error == null ? new NullPointerException("null answer") : error);
        }
        health = () -> settings.health().recordFailure(deployment, failure, latency);
        step = decide(deployment, failure);
      }
    }
    // Health first: the next attempt's permission must see this outcome (a cooldown, an open circuit).
    health.run();
    step.run(this);
  }

  private List<Verdict> validate(ChatResponse answer) {
    List<Verdict> verdicts = new ArrayList<>(validators.size());
    for (ResponseValidator validator : validators) {
      try {
        Verdict verdict = validator.validate(request, answer);
        verdicts.add(verdict == null ? Verdict.pass(validator.name()) : verdict);
      } catch (RuntimeException e) {
        // A broken validator must not turn good answers into failures: it fails open, loudly.
        LOG.warn("validator {} threw; the answer passes it", validator.name(), e);
        verdicts.add(Verdict.pass(validator.name()));
      }
    }
    return verdicts;
  }

  /** The verdicts that failed; allocates nothing when all passed, the usual case. */
  private static List<Verdict> failedOf(List<Verdict> verdicts) {
    List<Verdict> failed = List.of();
    for (Verdict verdict : verdicts) {
      if (!verdict.passed()) {
        if (failed.isEmpty()) {
          failed = new ArrayList<>();
        }
        failed.add(verdict);
      }
    }
    return failed;
  }

  private static Failure validationFailure(List<Verdict> failed) {
    String reasons =
        failed.stream().map(verdict -> verdict.validator() + ": " + verdict.reason()).collect(Collectors.joining("; "));
    return Failure.builder(ErrorKind.VALIDATION_FAILED)
        .status(200)
        .providerCode(failed.get(0).validator())
        .message(reasons)
        .build();
  }

  /** Keeps the answer that failed the fewest validators, then the one with the highest scores. */
  private void keepIfBest(ChatResponse answer, List<Verdict> verdicts) {
    long failedCount = verdicts.stream().filter(verdict -> !verdict.passed()).count();
    double scores = verdicts.stream().mapToDouble(Verdict::score).sum();
    long rank = -failedCount * 1_000_000L + Math.round(scores * 1_000);
    if (bestAnswer == null || rank > bestRank) {
      bestAnswer = answer;
      bestRank = rank;
    }
  }

  /**
   * The deployment at the current plan position if its circuit and cooldowns let an attempt through,
   * else the next one that does; skipped deployments are noted in the trace. Null when the call ended,
   * or when no deployment is left (the call then fails).
   */
  private Deployment acquireNext() {
    while (true) {
      Deployment candidate;
      synchronized (this) {
        if (finished) {
          return null;
        }
        pendingWait = null;
        if (index >= plan.size()) {
          break;
        }
        candidate = plan.get(index);
      }
      if (settings.health().tryAcquire(candidate)) {
        return candidate;
      }
      String why = settings.health().unavailableReason(candidate).orElse("unavailable");
      synchronized (this) {
        notes.add("skipped " + candidate.id() + ": " + why);
        leave(candidate);
        goTo(index + 1);
      }
    }
    LifelineException error;
    synchronized (this) {
      if (finished) {
        return null;
      }
      String summary = attempts.isEmpty() ? "every deployment is unavailable" : "no available deployment left";
      error = new AllAttemptsFailedException(summary + ": " + String.join("; ", notes), trace());
    }
    fail(error);
    return null;
  }

  private void releaseQuietly(Deployment deployment) {
    settings.health().release(deployment);
  }

  private void deliver(int attemptNumber, String delta) {
    if (liveAttempt != attemptNumber || result.isDone() || delta == null || delta.isEmpty()) {
      return; // a late delta of an abandoned attempt
    }
    if (!committed) {
      Deployment deployment = acquired;
      if (deployment != null) {
        settings.health().recordTimeToFirstToken(deployment, Duration.ofNanos(settings.ticker().nanos() - attemptStartNanos));
      }
    }
    committed = true;
    onDelta.accept(delta);
  }

  private Failure classify(Deployment deployment, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof ProviderException providerException) {
      return settings.scrubber().scrub(providerException.failure());
    }
    Provider provider = settings.providers().get(deployment.provider());
    return settings.scrubber().scrub(provider.classifier().classify(cause));
  }

  /**
   * What to do after a failure: the learned hints' steps when they apply, else the guard ladder. Caller
   * holds the lock.
   */
  private Step decide(Deployment deployment, Failure failure) {
    if (detourActive) {
      return detourFailed(deployment, failure);
    }
    if (!betLost && !committed && promoted.contains(deployment) && !failsFast(failure)) {
      return learnedOrderFailed(deployment, failure);
    }
    return maybeDetour(deployment, failure, decideByDefault(deployment, failure));
  }

  /** The guard ladder: each clause is one reason to stop retrying this deployment. Caller holds the lock. */
  private Step decideByDefault(Deployment deployment, Failure failure) {
    if (committed) {
      Attempt done =
          record(deployment, failure, Decision.FAIL, "the stream failed after its first delta; another deployment would repeat it");
      return Step.fail(done, new AllAttemptsFailedException("stream broke mid-answer: " + failure, trace()));
    }
    RemedyRule rule = settings.remedies().ruleFor(failure.kind());
    int retriesAllowed = Math.min(rule.maxRetries(), settings.retryPolicy().maxAttempts() - 1);
    Remedy then = rule.then();
    if (failure.remedyHint() == Remedy.RETRY) {
      retriesAllowed = settings.retryPolicy().maxAttempts() - 1;
    } else if (failure.remedyHint() != null) {
      retriesAllowed = 0; // the classifier knows this failure will not pass here as sent
      then = failure.remedyHint();
    }
    if (strategy == FallbackStrategy.FAILOVER_ONLY) {
      retriesAllowed = 0;
    }
    String whyNotRetry = "";
    boolean deadlineStopped = false;
    if (retriesHere < retriesAllowed) {
      Optional<RetryWait> wait =
          settings.retryPolicy().waitBefore(failure, retriesHere + 1, lastWait, settings.random());
      long now = settings.ticker().nanos();
      if (wait.isEmpty()) {
        whyNotRetry =
            "provider asked to wait "
                + millis(failure.retryAfter())
                + ", more than maxRetryAfter "
                + millis(settings.retryPolicy().maxRetryAfter());
      } else if (saturatedAdd(now, wait.get().delay().toNanos()) >= deadlineNanos) {
        whyNotRetry = "a wait of " + millis(wait.get().delay()) + " would pass the deadline";
        deadlineStopped = true;
      } else if (!settings.budget().tryAcquire(deployment)) {
        return exhausted(deployment, failure, "retry budget exhausted: no retry", false);
      } else {
        retriesHere++;
        String reason =
            "retry " + retriesHere + "/" + retriesAllowed + " after " + millis(wait.get().delay())
                + (wait.get().source() == RetryWait.Source.PROVIDER ? " (provider's wait)" : " (backoff)");
        Attempt done = record(deployment, failure, Decision.RETRY, reason);
        lastWait = wait.get().delay();
        waitBeforeCurrent = wait.get().delay();
        return Step.retry(done, deployment, wait.get().delay(), failure);
      }
    } else if (retriesAllowed > 0) {
      whyNotRetry = retriesAllowed + " retries used";
    }
    return moveOn(deployment, failure, then, whyNotRetry, deadlineStopped);
  }

  private Step moveOn(
      Deployment deployment, Failure failure, Remedy then, String whyNotRetry, boolean deadlineStopped) {
    String prefix = whyNotRetry.isEmpty() ? "" : whyNotRetry + "; ";
    if (then == Remedy.FAIL) {
      Attempt done = record(deployment, failure, Decision.FAIL, prefix + failure.kind() + " fails fast");
      LifelineException error =
          failure.kind() == ErrorKind.BAD_REQUEST
              ? new BadRequestException("the request was rejected: " + failure, trace())
              : new AllAttemptsFailedException("stopped on " + failure, trace());
      return Step.fail(done, error);
    }
    if (strategy == FallbackStrategy.RETRY_ONLY) {
      return exhausted(deployment, failure, prefix + "strategy RETRY_ONLY tries no other deployment", deadlineStopped);
    }
    int next = nextIndex(deployment, then);
    if (next < 0) {
      String why =
          then == Remedy.LARGER_CONTEXT ? "no deployment with a larger context window" : "no deployment left";
      return exhausted(deployment, failure, prefix + why, deadlineStopped);
    }
    if (!settings.budget().tryAcquire(deployment)) {
      return exhausted(deployment, failure, prefix + "retry budget exhausted: no failover", deadlineStopped);
    }
    Deployment target = plan.get(next);
    Decision decision =
        then == Remedy.LARGER_CONTEXT ? Decision.LARGER_CONTEXT : moveDecision(deployment, target);
    Attempt done = record(deployment, failure, decision, prefix + "next: " + target.id());
    leave(deployment);
    goTo(next);
    return Step.next(done);
  }

  private Step exhausted(Deployment deployment, Failure failure, String reason, boolean deadlineStopped) {
    if (deadlineStopped) {
      Attempt done = record(deployment, failure, Decision.DEADLINE, reason);
      return Step.fail(
          done,
          new DeadlineExceededException(
              "deadline of " + millis(deadline) + " leaves no time to retry; last failure: " + failure, trace()));
    }
    if (bestEffort && bestAnswer != null) {
      Attempt done = record(deployment, failure, Decision.EXHAUSTED, reason + "; best effort: returning the best answer seen");
      finished = true;
      return Step.answer(done, bestAnswer.withTrace(trace()));
    }
    Attempt done = record(deployment, failure, Decision.EXHAUSTED, reason);
    return Step.fail(
        done,
        new AllAttemptsFailedException(
            "all " + attempts.size() + " attempts failed; last: " + failure, trace()));
  }

  /** The plan position {@code remedy} leads to from the current one, or -1. Caller holds the lock. */
  private int nextIndex(Deployment current, Remedy remedy) {
    for (int i = index + 1; i < plan.size(); i++) {
      Deployment candidate = plan.get(i);
      switch (remedy) {
        case DEGRADE:
          return i;
        case FAILOVER:
          if (!candidate.provider().equals(current.provider())) {
            return i;
          }
          break;
        case LARGER_CONTEXT:
          if (mayHoldMore(candidate, current)) {
            return i;
          }
          break;
        default:
          throw new AssertionError(remedy);
      }
    }
    return -1;
  }

  /** Whether {@code candidate} may fit a prompt that overflowed {@code current}. */
  private boolean mayHoldMore(Deployment candidate, Deployment current) {
    if (!candidate.hasKnownContextWindow()) {
      return true; // unknown: it may be larger, and one attempt tells
    }
    if (candidate.contextWindow() < request.estimatedPromptTokens()) {
      return false;
    }
    return !current.hasKnownContextWindow() || candidate.contextWindow() > current.contextWindow();
  }

  /** Whether the kind's remedy is to stop: a learned order changes nothing then. Caller holds the lock. */
  private boolean failsFast(Failure failure) {
    return failure.remedyHint() == Remedy.FAIL
        || (failure.remedyHint() == null && settings.remedies().ruleFor(failure.kind()).then() == Remedy.FAIL);
  }

  /**
   * A deployment the playbook moved ahead failed: the bet is lost, and the rest of the call walks the
   * routed order (without what it already left for good), this deployment included at its own place.
   * Caller holds the lock.
   */
  private Step learnedOrderFailed(Deployment deployment, Failure failure) {
    betLost = true;
    List<Deployment> rest = new ArrayList<>(plan.subList(0, index + 1));
    for (Deployment routed : defaultPlan) {
      if (!movedOn.contains(routed)) {
        rest.add(routed);
      }
    }
    plan.clear();
    plan.addAll(rest);
    if (index + 1 >= plan.size()) {
      return exhausted(deployment, failure, "no deployment left", false);
    }
    if (!settings.budget().tryAcquire(deployment)) {
      return exhausted(deployment, failure, "retry budget exhausted: no failover", false);
    }
    Deployment target = plan.get(index + 1);
    Attempt done =
        record(
            deployment,
            failure,
            moveDecision(deployment, target),
            "the playbook's order failed here; back to the routed order, next: " + target.id());
    goTo(index + 1);
    return Step.next(done);
  }

  /**
   * If the playbook knows this failure and another deployment answered after it before, goes there at
   * once, keeping the default step to resume if it fails too. Caller holds the lock.
   */
  private Step maybeDetour(Deployment deployment, Failure failure, Step step) {
    if (betLost || detourUsed || committed || step.answer() != null || step.error() != null) {
      return step;
    }
    Optional<FailureSignature> signature = FailureSignature.of(deployment, failure, request, onDelta != null);
    Optional<LearnedRemedy> learned = signature.flatMap(settings.playbook()::remedyFor);
    if (learned.isEmpty()) {
      return step;
    }
    String resolver = learned.get().resolver().orElseThrow();
    Deployment target = null;
    for (int i = index + 1; i < plan.size(); i++) {
      if (plan.get(i).id().equals(resolver)) {
        target = plan.get(i);
        break;
      }
    }
    if (target == null || hasAttempted(target) || settings.health().unavailableReason(target).isPresent()) {
      return step; // where the default goes anyway, already tried, or out right now
    }
    detourActive = true;
    detourUsed = true;
    detourTarget = target;
    resumeStep = step;
    resumeWaitBefore = waitBeforeCurrent;
    waitBeforeCurrent = Duration.ZERO;
    Attempt original = attempts.get(attempts.size() - 1);
    Attempt relabelled =
        new Attempt(
            original.number(),
            original.deployment(),
            original.start(),
            original.latency(),
            original.waitBefore(),
            original.failure(),
            moveDecision(deployment, target),
            learned.get().explanation() + "; trying " + target.id() + " first (else: " + original.decision()
                + (original.reason().isEmpty() ? "" : ", " + original.reason()) + ")",
            original.verdicts());
    attempts.set(attempts.size() - 1, relabelled);
    return Step.next(relabelled);
  }

  /** The learned detour failed too: the call resumes the step it put off. Caller holds the lock. */
  private Step detourFailed(Deployment deployment, Failure failure) {
    detourActive = false;
    betLost = true;
    Step resume = resumeStep;
    resumeStep = null;
    Deployment next = resume.retry() != null ? resume.retry() : plan.get(index);
    Attempt done =
        record(
            deployment,
            failure,
            moveDecision(deployment, next),
            "the learned remedy failed too; back to the cascade, next: " + next.id());
    waitBeforeCurrent = resumeWaitBefore;
    return resume.withAttempt(done);
  }

  /** The detour's deployment if it lets an attempt through, else resumes the step put off. */
  private Deployment acquireDetour() {
    Deployment target;
    synchronized (this) {
      if (finished) {
        return null;
      }
      pendingWait = null;
      target = detourTarget;
    }
    if (settings.health().tryAcquire(target)) {
      return target;
    }
    Step resume;
    synchronized (this) {
      detourActive = false;
      notes.add("learned remedy not tried: " + target.id() + " is unavailable");
      resume = resumeStep;
      resumeStep = null;
      waitBeforeCurrent = resumeWaitBefore;
    }
    resume.runAction(this);
    return null;
  }

  /** Notes that the cascade left {@code deployment} for good. Caller holds the lock. */
  private void leave(Deployment deployment) {
    if (movedOn.isEmpty()) {
      movedOn = new HashSet<>();
    }
    movedOn.add(deployment);
  }

  /** Moves to plan position {@code next}, with the retry state of a deployment not yet tried. Caller holds the lock. */
  private void goTo(int next) {
    index = next;
    retriesHere = 0;
    lastWait = null;
    waitBeforeCurrent = Duration.ZERO;
  }

  private boolean hasAttempted(Deployment deployment) {
    for (Attempt attempt : attempts) {
      if (attempt.deployment().equals(deployment)) {
        return true;
      }
    }
    return false;
  }

  private static Decision moveDecision(Deployment from, Deployment to) {
    return from.provider().equals(to.provider()) ? Decision.DEGRADE : Decision.FAILOVER;
  }

  /** The deployments {@code plan} puts before their place in {@code defaultPlan}. */
  private static Set<Deployment> promoted(List<Deployment> plan, List<Deployment> defaultPlan) {
    if (plan.equals(defaultPlan)) {
      return Set.of(); // the usual case: the playbook changed nothing
    }
    Set<Deployment> promoted = new HashSet<>();
    for (int i = 0; i < plan.size(); i++) {
      int routed = defaultPlan.indexOf(plan.get(i));
      if (routed > i) {
        promoted.add(plan.get(i));
      }
    }
    return promoted;
  }

  /** Lets the playbook learn from the finished call; it must never fail the call. */
  private void learn(CallTrace finished) {
    if (result.isDone()) {
      return;
    }
    try {
      settings.playbook().learn(request, onDelta != null, finished);
    } catch (RuntimeException e) {
      LOG.warn("the playbook could not learn from a call", e);
    }
  }

  private void onDeadline() {
    Deployment releasing;
    LifelineException error;
    CompletableFuture<ChatResponse> abandoned;
    Future<?> wait;
    Attempt done = null;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      abandoned = inFlight;
      wait = pendingWait;
      inFlight = null;
      pendingWait = null;
      releasing = acquired;
      acquired = null;
      String reason = "deadline of " + millis(deadline) + " passed";
      if (abandoned != null) {
        // The caller's budget ran out, not the provider: no failure is recorded against it.
        done = record(current, null, Decision.DEADLINE, reason + " during the attempt");
      }
      error =
          new DeadlineExceededException(
              reason + (wait != null ? " while waiting to retry" : "") + " after " + attempts.size() + " attempts",
              trace());
    }
    if (abandoned != null) {
      abandoned.cancel(true);
    }
    if (releasing != null) {
      releaseQuietly(releasing); // the caller's budget ran out: neither a success nor a failure
    }
    if (wait != null) {
      wait.cancel(false);
    }
    if (done != null) {
      settings.listener().onAttempt(done);
    }
    fail(error);
  }

  /** Runs once the result completes, whoever completed it: releases everything the call still holds. */
  private void onFinished(Throwable error) {
    Deployment releasing;
    CompletableFuture<ChatResponse> abandoned;
    Future<?> wait;
    Future<?> timer;
    Attempt done = null;
    synchronized (this) {
      boolean cancelledByCaller = !finished && error instanceof CancellationException;
      finished = true;
      releasing = acquired;
      acquired = null;
      abandoned = inFlight;
      wait = pendingWait;
      timer = deadlineTimer;
      inFlight = null;
      pendingWait = null;
      deadlineTimer = null;
      if (cancelledByCaller && abandoned != null) {
        done = record(current, null, Decision.CANCELLED, "cancelled by the caller");
      }
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (abandoned != null) {
      abandoned.cancel(true);
    }
    if (releasing != null) {
      releaseQuietly(releasing);
    }
    if (wait != null) {
      wait.cancel(false);
    }
    if (done != null) {
      settings.listener().onAttempt(done);
    }
  }

  private void scheduleRetry(Deployment deployment, Duration wait, Failure cause) {
    settings.listener().onRetryScheduled(deployment, wait, cause);
    Future<?> task = settings.scheduler().schedule(this::attempt, wait);
    synchronized (this) {
      if (!finished) {
        pendingWait = task;
        return;
      }
    }
    task.cancel(false);
  }

  private void fail(LifelineException error) {
    learn(error.trace());
    if (result.completeExceptionally(error)) {
      settings.listener().onCallFailed(error, error.trace());
    }
  }

  private void succeed(ChatResponse response) {
    learn(response.trace());
    if (result.complete(response)) {
      settings.listener().onCallSucceeded(response);
    }
  }

  /** Records an attempt that ends now. Caller holds the lock. */
  private Attempt record(Deployment deployment, Failure failure, Decision decision, String reason) {
    long now = settings.ticker().nanos();
    Attempt attempt =
        new Attempt(
            attempts.size() + 1,
            deployment,
            Duration.ofNanos(attemptStartNanos - startNanos),
            Duration.ofNanos(Math.max(0, now - attemptStartNanos)),
            waitBeforeCurrent,
            failure,
            decision,
            reason,
            verdictsOfCurrent);
    verdictsOfCurrent = List.of();
    attempts.add(attempt);
    return attempt;
  }

  private CallTrace trace() {
    return new CallTrace(attempts, Duration.ofNanos(Math.max(0, settings.ticker().nanos() - startNanos)), notes);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static String millis(Duration duration) {
    return duration == null ? "?" : duration.toMillis() + " ms";
  }

  /** What to do once the lock is released. */
  private record Step(
      Attempt attempt, ChatResponse answer, LifelineException error, Deployment retry, Duration delay, Failure cause) {

    static Step answer(Attempt attempt, ChatResponse answer) {
      return new Step(attempt, answer, null, null, null, null);
    }

    static Step fail(Attempt attempt, LifelineException error) {
      return new Step(attempt, null, error, null, null, null);
    }

    static Step retry(Attempt attempt, Deployment deployment, Duration wait, Failure cause) {
      return new Step(attempt, null, null, deployment, wait, cause);
    }

    static Step next(Attempt attempt) {
      return new Step(attempt, null, null, null, null, null);
    }

    Step withAttempt(Attempt replacement) {
      return new Step(replacement, answer, error, retry, delay, cause);
    }

    void run(CascadeCall call) {
      call.settings.listener().onAttempt(attempt);
      runAction(call);
    }

    /** The step without telling the listener of its attempt (already told). */
    void runAction(CascadeCall call) {
      if (answer != null) {
        call.succeed(answer);
      } else if (error != null) {
        call.fail(error);
      } else if (retry != null) {
        call.scheduleRetry(retry, delay, cause);
      } else {
        call.attempt();
      }
    }
  }
}
