package dev.lifeline.internal.state;

import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.state.StateStore;
import java.util.Optional;

/**
 * Looks through the engine's own layers around a store (write-behind, fail-safe) at the store a
 * user gave, for what it offers beside {@link StateStore}. Not API.
 */
public final class StoreLayers {
  private StoreLayers() {}

  /** The probe coordinator {@code store}, or the store it wraps, implements, if any. */
  public static Optional<ProbeCoordinator> probeCoordinator(StateStore store) {
    StateStore layer = store;
    for (int depth = 0; layer != null && depth < 8; depth++) {
      if (layer instanceof ProbeCoordinator coordinator) {
        return Optional.of(coordinator);
      }
      if (layer instanceof WriteBehindStateStore writeBehind) {
        layer = writeBehind.delegate();
      } else if (layer instanceof FailSafeStateStore failSafe) {
        layer = failSafe.delegate();
      } else {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
