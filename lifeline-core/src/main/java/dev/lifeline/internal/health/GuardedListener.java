package dev.lifeline.internal.health;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls user listeners so that a throwing one is logged and never breaks a call, nor keeps the
 * others from hearing the event. Not API.
 */
public final class GuardedListener implements EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final ListenerFanOut<EngineListener> listeners;

  /** Guards {@code listeners}, called in order. */
  public GuardedListener(List<EngineListener> listeners) {
    this.listeners = new ListenerFanOut<>(listeners, "EngineListener", LOG);
  }

  private void each(String event, Consumer<EngineListener> call) {
    listeners.each(event, call);
  }

  /**
   * Asks every listener for its listener of this call; the answers are guarded together, and {@link
   * CallListener#NONE} when every one said none.
   */
  @Override
  public CallListener onCallStarted(CallStart call) {
    List<CallListener> heard = new ArrayList<>();
    each(
        "onCallStarted",
        listener -> {
          CallListener one = listener.onCallStarted(call);
          if (one != null && one != CallListener.NONE) {
            heard.add(one);
          }
        });
    return heard.isEmpty() ? CallListener.NONE : new GuardedCallListener(heard);
  }

  @Override
  public void onAttempt(Attempt attempt) {
    each("onAttempt", listener -> listener.onAttempt(attempt));
  }

  @Override
  public void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {
    each("onRetryScheduled", listener -> listener.onRetryScheduled(deployment, wait, cause));
  }

  @Override
  public void onCallSucceeded(ChatResponse response) {
    each("onCallSucceeded", listener -> listener.onCallSucceeded(response));
  }

  @Override
  public void onCallFailed(RuntimeException error, CallTrace trace) {
    each("onCallFailed", listener -> listener.onCallFailed(error, trace));
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    each(
        "onCircuitStateChanged",
        listener -> listener.onCircuitStateChanged(deployment, from, to, reason));
  }

  @Override
  public void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {
    each("onCooldownStarted", listener -> listener.onCooldownStarted(target, duration, reason));
  }

  @Override
  public void onCooldownEnded(CooldownTarget target) {
    each("onCooldownEnded", listener -> listener.onCooldownEnded(target));
  }

  @Override
  public void onRetryBudgetExhausted(Deployment deployment) {
    each("onRetryBudgetExhausted", listener -> listener.onRetryBudgetExhausted(deployment));
  }
}
