package dev.lifeline.internal.health;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.trace.CallListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call listeners of one call, called in order so that a throwing one is logged and never breaks
 * the call, nor keeps the others from hearing the event. Not API.
 */
final class GuardedCallListener implements CallListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedCallListener.class);

  private final ListenerFanOut<CallListener> listeners;

  GuardedCallListener(List<CallListener> listeners) {
    this.listeners = new ListenerFanOut<>(listeners, "CallListener", LOG);
  }

  private void each(String event, Consumer<CallListener> call) {
    listeners.each(event, call);
  }

  @Override
  public void onAttemptStarted(int number, Deployment deployment, URI endpoint) {
    each("onAttemptStarted", listener -> listener.onAttemptStarted(number, deployment, endpoint));
  }

  @Override
  public void onFirstChunk(int number, Deployment deployment, Duration sinceAttemptStart) {
    each("onFirstChunk", listener -> listener.onFirstChunk(number, deployment, sinceAttemptStart));
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
  public void onLearnedDetour(Deployment from, Deployment to) {
    each("onLearnedDetour", listener -> listener.onLearnedDetour(from, to));
  }

  @Override
  public void onSucceeded(ChatResponse response) {
    each("onSucceeded", listener -> listener.onSucceeded(response));
  }

  @Override
  public void onFailed(RuntimeException error, CallTrace trace) {
    each("onFailed", listener -> listener.onFailed(error, trace));
  }
}
