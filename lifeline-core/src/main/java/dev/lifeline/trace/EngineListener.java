package dev.lifeline.trace;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import java.time.Duration;

/**
 * Hears what the engine does, for logs and metrics.
 *
 * <p>Contract: callbacks are fast, do not block and do not lock; they run on the thread that drove
 * the step. A callback that throws is logged and ignored: a listener never breaks a call. Every
 * method has a no-op default, so implement only what you need.
 */
public interface EngineListener {

  /** A listener that hears nothing. */
  EngineListener NONE = new EngineListener() {};

  /**
   * A call starts: called on the caller's thread, before its first attempt, so a tracer can take
   * the caller's current context as the call's parent. The returned listener hears the rest of this
   * one call; {@link CallListener#NONE} (the default) hears nothing.
   */
  default CallListener onCallStarted(CallStart call) {
    return CallListener.NONE;
  }

  /** An attempt ended, with its outcome and the decision taken. */
  default void onAttempt(Attempt attempt) {}

  /** A retry of {@code deployment} was scheduled after {@code wait}, because of {@code cause}. */
  default void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {}

  /** A call returned an answer. */
  default void onCallSucceeded(ChatResponse response) {}

  /** A call ended with an exception; {@code trace} holds every attempt. */
  default void onCallFailed(RuntimeException error, CallTrace trace) {}

  /**
   * The circuit of {@code deployment} moved from {@code from} to {@code to}, because of {@code
   * reason}.
   */
  default void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {}

  /**
   * {@code target} (a deployment, or a whole provider) is out of every plan for {@code duration},
   * because of {@code reason}.
   */
  default void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {}

  /** The cooldown of {@code target} ended; it comes back through half-open probing. */
  default void onCooldownEnded(CooldownTarget target) {}

  /** A retry or failover of {@code deployment} was denied because the retry budget is spent. */
  default void onRetryBudgetExhausted(Deployment deployment) {}
}
