package dev.lifeline;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import java.time.Duration;

/**
 * What the cascade does next, once an attempt ended: the one value the decision function returns
 * and the driver applies. Not API.
 */
sealed interface Step {

  /** The decision the trace records for the attempt that led here. */
  Decision decision();

  /** The one-line reason the trace records with it. */
  String reason();

  /**
   * Whether taking this step spends a retry-budget token: a retry, or a move to a deployment that
   * is not known to be healthy. A move that rescues the call onto an untried, healthy deployment
   * never does.
   */
  default boolean budgeted() {
    return false;
  }

  /** The answer passed every validator: return it. */
  record Accept(ChatResponse answer, String reason) implements Step {
    @Override
    public Decision decision() {
      return Decision.ACCEPT;
    }
  }

  /** Wait {@code delay}, then try {@code deployment} again. */
  record Retry(Deployment deployment, Duration delay, String reason) implements Step {
    @Override
    public Decision decision() {
      return Decision.RETRY;
    }

    @Override
    public boolean budgeted() {
      return true;
    }
  }

  /** Go to plan position {@code index} at once (a degrade, a failover, a larger context window). */
  record Move(int index, Decision decision, String reason, boolean budgeted) implements Step {}

  /**
   * Try {@code target} at once, off the plan, because the playbook saw it answer after this
   * failure; if it fails too, {@code resume} (already applied to the cascade's position) is taken
   * instead.
   */
  record Detour(Deployment target, Step resume, Decision decision, String reason) implements Step {}

  /**
   * A learned detour failed too: take the step it had put off (its budget token was spent when it
   * was chosen), recording {@code decision} for the detour's attempt.
   */
  record Resume(Step resume, Decision decision, String reason) implements Step {}

  /** End the call with the error {@code ending} names. */
  record Fail(Ending ending, Decision decision, String reason) implements Step {}

  /**
   * Why a call ended without an answer; each maps to one exception of the {@code LifelineException}
   * family.
   */
  enum Ending {
    /** The request was rejected as wrong: {@code BadRequestException}. */
    BAD_REQUEST,
    /** The kind's rule says to fail: {@code FailFastException}. */
    STOPPED,
    /**
     * No deployment is left, or the strategy or the retry budget allows no other: {@code
     * AllAttemptsFailedException}.
     */
    EXHAUSTED,
    /** The next wait would pass the deadline: {@code DeadlineExceededException}. */
    DEADLINE,
    /**
     * A stream failed after its first delta reached the caller, and no continuation finished the
     * answer: {@code StreamInterruptedException}.
     */
    STREAM_BROKEN;

    /** The exception that ends a call this way, after {@code last}, with {@code trace}. */
    LifelineException exception(Failure last, CallTrace trace, Duration deadline) {
      return switch (this) {
        case BAD_REQUEST -> new BadRequestException("the request was rejected: " + last, trace);
        case STOPPED -> new FailFastException("stopped on " + last, trace);
        case EXHAUSTED ->
            new AllAttemptsFailedException(
                "all " + trace.attempts().size() + " attempts failed; last: " + last, trace);
        case DEADLINE ->
            new DeadlineExceededException(
                "deadline of "
                    + CascadeDecision.millis(deadline)
                    + " leaves no time to retry; last failure: "
                    + last,
                trace);
        case STREAM_BROKEN ->
            new StreamInterruptedException("stream broke mid-answer: " + last, trace);
      };
    }
  }
}
