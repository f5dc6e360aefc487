package dev.lifeline.internal.state;

import dev.lifeline.state.ProbeCoordinator;
import dev.lifeline.state.SharedLimits;
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
    return face(store, ProbeCoordinator.class);
  }

  /** The shared limit counters {@code store}, or the store it wraps, implements, if any. */
  public static Optional<SharedLimits> sharedLimits(StateStore store) {
    return face(store, SharedLimits.class);
  }

  private static <T> Optional<T> face(StateStore store, Class<T> type) {
    StateStore layer = store;
    for (int depth = 0; layer != null && depth < 8; depth++) {
      if (type.isInstance(layer)) {
        return Optional.of(type.cast(layer));
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
