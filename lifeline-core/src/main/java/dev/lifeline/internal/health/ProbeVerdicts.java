package dev.lifeline.internal.health;

import dev.lifeline.health.CircuitState;
import dev.lifeline.model.Deployment;
import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;

/**
 * Tells a {@link ProbeCoordinator} how this engine's half-open probes ended, from the circuit moves
 * the tracker reports: HALF_OPEN to CLOSED is a recovery, HALF_OPEN to OPEN a failure that keeps
 * the target out for another open period. The coordinator ignores a verdict on a probe it did not
 * lease. Not API.
 */
public final class ProbeVerdicts implements EngineListener {
  private final ProbeCoordinator coordinator;
  private final Ticker ticker;
  private final Duration openDuration;

  /** Verdicts to {@code coordinator}; a failure keeps the target out for {@code openDuration}. */
  public ProbeVerdicts(ProbeCoordinator coordinator, Ticker ticker, Duration openDuration) {
    this.coordinator = coordinator;
    this.ticker = ticker;
    this.openDuration = openDuration;
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    if (from != CircuitState.HALF_OPEN) {
      return;
    }
    if (to == CircuitState.CLOSED) {
      coordinator.probeRecovered(deployment.id());
    } else if (to == CircuitState.OPEN) {
      coordinator.probeFailed(deployment.id(), ticker.now().plus(openDuration));
    }
  }
}
