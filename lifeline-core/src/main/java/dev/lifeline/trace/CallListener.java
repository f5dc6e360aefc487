package dev.lifeline.trace;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import java.net.URI;
import java.time.Duration;

/**
 * Hears one call, from its first attempt to its end: what {@link
 * EngineListener#onCallStarted(CallStart)} returned for it. Lets a tracer or an observation keep
 * its per-call state without matching events of concurrent calls.
 *
 * <p>Contract as for {@link EngineListener}: callbacks are fast, do not block and do not lock; they
 * run on the thread that drove the step, which after the first attempt is usually an engine worker,
 * not the caller's thread. A callback that throws is logged and ignored. Events of one call arrive
 * in order: each attempt's start before its end, every attempt before the call's end, which comes
 * exactly once ({@link #onSucceeded} or {@link #onFailed}), also when the caller cancels.
 */
public interface CallListener {

  /** A listener that hears nothing. */
  CallListener NONE = new CallListener() {};

  /**
   * Attempt {@code number} (from 1) is being sent to {@code deployment}, at {@code endpoint} (the
   * provider's base URL; null when the provider does not say).
   */
  default void onAttemptStarted(int number, Deployment deployment, URI endpoint) {}

  /**
   * The first chunk of a streamed answer reached the caller, {@code sinceAttemptStart} after
   * attempt {@code number} started. Streaming calls only; once per call at most.
   */
  default void onFirstChunk(int number, Deployment deployment, Duration sinceAttemptStart) {}

  /**
   * An attempt ended, with its outcome and the decision taken (as {@link
   * EngineListener#onAttempt}).
   */
  default void onAttempt(Attempt attempt) {}

  /** A retry of {@code deployment} was scheduled after {@code wait}, because of {@code cause}. */
  default void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {}

  /**
   * The playbook knew the failure that {@code from} just had, and sent the call straight to {@code
   * to}, where it was resolved before.
   */
  default void onLearnedDetour(Deployment from, Deployment to) {}

  /** The call returned an answer; its {@link ChatResponse#trace() trace} holds every attempt. */
  default void onSucceeded(ChatResponse response) {}

  /**
   * The call ended without an answer: {@code error} is the {@code LifelineException} the caller
   * gets (a caller's cancel arrives as a {@code CallCancelledException}); {@code trace} holds every
   * attempt.
   */
  default void onFailed(RuntimeException error, CallTrace trace) {}
}
