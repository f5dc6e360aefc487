package dev.lifeline.internal.health;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.model.Deployment;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Keeps every health event as one line, and what the tracker said about the deployment while the
 * event was being told (to check that events come after the state changed).
 */
final class RecordingListener implements EngineListener {

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<CircuitState> statesSeenDuringEvents = new CopyOnWriteArrayList<>();
  private volatile Function<Deployment, CircuitState> probe;

  /** Asks {@code probe} for the circuit state whenever a circuit event is heard. */
  void probeWith(Function<Deployment, CircuitState> probe) {
    this.probe = probe;
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    events.add("circuit " + deployment.id() + " " + from + "->" + to + ": " + reason);
    Function<Deployment, CircuitState> current = probe;
    if (current != null) {
      statesSeenDuringEvents.add(current.apply(deployment));
    }
  }

  @Override
  public void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {
    events.add("cooldown " + target + " " + duration + ": " + reason);
  }

  @Override
  public void onCooldownEnded(CooldownTarget target) {
    events.add("cooldown ended " + target);
  }

  @Override
  public void onRetryBudgetExhausted(Deployment deployment) {
    events.add("budget exhausted " + deployment.id());
  }

  /** The events that start with {@code prefix}. */
  List<String> startingWith(String prefix) {
    return events.stream().filter(event -> event.startsWith(prefix)).toList();
  }
}
