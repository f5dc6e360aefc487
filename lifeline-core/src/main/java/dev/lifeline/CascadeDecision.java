package dev.lifeline;

import dev.lifeline.internal.retry.RetryWait;
import dev.lifeline.internal.retry.RetryWaits;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyRule;
import dev.lifeline.model.RemedyTable;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.FallbackStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The cascade's rules as one pure function: from where a call stands and the failure it just met,
 * to the {@link Step} it takes next. No futures, no clocks, no locks: everything it reads is in the
 * {@link Situation}, so each rule is tested by building one. Not API.
 *
 * <p>The rules are a ladder of guard clauses, each with its one-line reason (after OkHttp's {@code
 * RetryAndFollowUpInterceptor.recover}): a stream that reached the caller is not restarted; a hung
 * deployment is not retried while another may answer; a retry needs the policy's wait to fit the
 * deadline and {@code maxRetryAfter}, and a budget token; then the kind's remedy moves on, for free
 * onto an untried healthy deployment (a rescue), else for a budget token.
 */
final class CascadeDecision {

  private final RemedyTable remedies;
  private final RetryPolicy retryPolicy;

  CascadeDecision(RemedyTable remedies, RetryPolicy retryPolicy) {
    this.remedies = remedies;
    this.retryPolicy = retryPolicy;
  }

  /**
   * Where a call stands when an attempt failed.
   *
   * @param deployment the deployment that failed
   * @param failure how it failed
   * @param plan the call's deployments, in order
   * @param index the plan position the call is at
   * @param retriesHere retries already made at this position
   * @param lastWait the wait before the last retry here, or null
   * @param strategy the layers the call may use
   * @param committed whether a stream already passed deltas to the caller
   * @param nowNanos the ticker's time now
   * @param deadlineNanos the ticker's time at which the call's deadline passes
   * @param budgetLeft whether the retry budget may still give a token
   * @param rescue whether a move to a deployment needs no budget token: untried and healthy
   * @param promptTokens the request's estimated prompt size
   * @param random the jitter's source
   */
  record Situation(
      Deployment deployment,
      Failure failure,
      List<Deployment> plan,
      int index,
      int retriesHere,
      Duration lastWait,
      FallbackStrategy strategy,
      boolean committed,
      long nowNanos,
      long deadlineNanos,
      boolean budgetLeft,
      Predicate<Deployment> rescue,
      int promptTokens,
      RandomGenerator random) {}

  /** The step the cascade takes after {@code s.failure()}. */
  Step decide(Situation s) {
    Failure failure = s.failure();
    if (s.committed()) {
      return new Step.Fail(
          Step.Ending.STREAM_BROKEN,
          Decision.FAIL,
          "the stream failed after its first delta; another deployment would repeat it");
    }
    RemedyRule rule = remedies.ruleFor(failure.kind());
    Remedy then = rule.then();
    int retriesAllowed = Math.min(rule.maxRetries(), retryPolicy.maxAttempts() - 1);
    if (failure.remedyHint() == Remedy.RETRY) {
      retriesAllowed = retryPolicy.maxAttempts() - 1;
    } else if (failure.remedyHint() != null) {
      retriesAllowed = 0; // the classifier knows this failure will not pass here as sent
      then = failure.remedyHint();
    }
    if (s.strategy() == FallbackStrategy.FAILOVER_ONLY) {
      retriesAllowed = 0;
    }
    int next =
        s.strategy() == FallbackStrategy.RETRY_ONLY || then == Remedy.FAIL
            ? -1
            : nextIndex(s, then);
    String whyNotRetry = "";
    boolean deadlineStopped = false;
    if (failure.kind() == ErrorKind.TIMEOUT && next >= 0 && retriesAllowed > 0) {
      retriesAllowed = 0;
      whyNotRetry = "a hung deployment is not retried while another may answer";
    }
    if (s.retriesHere() < retriesAllowed) {
      Optional<RetryWait> wait =
          RetryWaits.waitBefore(
              retryPolicy, failure, s.retriesHere() + 1, s.lastWait(), s.random());
      if (wait.isEmpty()) {
        whyNotRetry =
            "provider asked to wait "
                + millis(failure.retryAfter())
                + ", more than maxRetryAfter "
                + millis(retryPolicy.maxRetryAfter());
      } else if (Durations.saturatedAdd(
              s.nowNanos(), Durations.toNanosSaturated(wait.get().delay()))
          >= s.deadlineNanos()) {
        whyNotRetry = "a wait of " + millis(wait.get().delay()) + " would pass the deadline";
        deadlineStopped = true;
      } else if (!s.budgetLeft()) {
        whyNotRetry = "retry budget exhausted: no retry";
      } else {
        String reason =
            "retry "
                + (s.retriesHere() + 1)
                + "/"
                + retriesAllowed
                + " after "
                + millis(wait.get().delay())
                + (wait.get().source() == RetryWait.Source.PROVIDER
                    ? " (provider's wait)"
                    : " (backoff)");
        return new Step.Retry(s.deployment(), wait.get().delay(), reason);
      }
    } else if (retriesAllowed > 0) {
      whyNotRetry = retriesAllowed + " retries used";
    }
    return moveOn(s, then, next, whyNotRetry, deadlineStopped);
  }

  private Step moveOn(
      Situation s, Remedy then, int next, String whyNotRetry, boolean deadlineStopped) {
    String prefix = whyNotRetry.isEmpty() ? "" : whyNotRetry + "; ";
    if (then == Remedy.FAIL) {
      Step.Ending ending =
          s.failure().kind() == ErrorKind.BAD_REQUEST
              ? Step.Ending.BAD_REQUEST
              : Step.Ending.STOPPED;
      return new Step.Fail(ending, Decision.FAIL, prefix + s.failure().kind() + " fails fast");
    }
    if (s.strategy() == FallbackStrategy.RETRY_ONLY) {
      return exhausted(prefix + "strategy RETRY_ONLY tries no other deployment", deadlineStopped);
    }
    if (next < 0) {
      String why =
          then == Remedy.LARGER_CONTEXT
              ? "no deployment with a larger context window"
              : "no deployment left";
      return exhausted(prefix + why, deadlineStopped);
    }
    Deployment target = s.plan().get(next);
    boolean free = s.rescue().test(target);
    if (!free && !s.budgetLeft()) {
      return exhausted(prefix + "retry budget exhausted: no failover", deadlineStopped);
    }
    Decision decision =
        then == Remedy.LARGER_CONTEXT
            ? Decision.LARGER_CONTEXT
            : moveDecision(s.deployment(), target);
    return new Step.Move(next, decision, prefix + "next: " + target.id(), !free);
  }

  /**
   * The step after {@code reason} left nothing to try: exhausted, or the deadline if it was what
   * stopped a retry.
   */
  static Step exhausted(String reason, boolean deadlineStopped) {
    return deadlineStopped
        ? new Step.Fail(Step.Ending.DEADLINE, Decision.DEADLINE, reason)
        : new Step.Fail(Step.Ending.EXHAUSTED, Decision.EXHAUSTED, reason);
  }

  /** The plan position {@code remedy} leads to from the current one, or -1. */
  private static int nextIndex(Situation s, Remedy remedy) {
    Deployment current = s.deployment();
    for (int i = s.index() + 1; i < s.plan().size(); i++) {
      Deployment candidate = s.plan().get(i);
      switch (remedy) {
        case DEGRADE:
          return i;
        case FAILOVER:
          if (!candidate.provider().equals(current.provider())) {
            return i;
          }
          break;
        case LARGER_CONTEXT:
          if (mayHoldMore(candidate, current, s.promptTokens())) {
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
  private static boolean mayHoldMore(Deployment candidate, Deployment current, int promptTokens) {
    if (!candidate.hasKnownContextWindow()) {
      return true; // unknown: it may be larger, and one attempt tells
    }
    if (candidate.contextWindow() < promptTokens) {
      return false;
    }
    return !current.hasKnownContextWindow() || candidate.contextWindow() > current.contextWindow();
  }

  /** Whether the kind's remedy is to stop, so that no learned order changes anything. */
  boolean failsFast(Failure failure) {
    return failure.remedyHint() == Remedy.FAIL
        || (failure.remedyHint() == null && remedies.ruleFor(failure.kind()).then() == Remedy.FAIL);
  }

  /** DEGRADE within a provider, FAILOVER across providers. */
  static Decision moveDecision(Deployment from, Deployment to) {
    return from.provider().equals(to.provider()) ? Decision.DEGRADE : Decision.FAILOVER;
  }

  static String millis(Duration duration) {
    return duration == null ? "?" : Durations.toMillisSaturated(duration) + " ms";
  }
}
