package dev.lifeline.internal.health;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Tells each of a list of user listeners an event, in order, so that a throwing one is logged and
 * never breaks the call, nor keeps the others from hearing it: what {@link GuardedListener} and
 * {@link GuardedCallListener} both do. A {@link VirtualMachineError} is not caught. Not API.
 *
 * @param <L> the listener type
 */
final class ListenerFanOut<L> {

  private final List<L> listeners;
  private final String kind;
  private final Logger log;

  /**
   * Fans out to {@code listeners}, logging a throw on {@code log} as a {@code kind}
   * ("CallListener") that threw.
   */
  ListenerFanOut(List<L> listeners, String kind, Logger log) {
    this.listeners = List.copyOf(listeners);
    this.kind = kind;
    this.log = log;
  }

  /** Tells each listener {@code event} through {@code call}. */
  void each(String event, Consumer<L> call) {
    for (L listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        log.warn("{} {} threw in {}; ignored", kind, listener.getClass().getName(), event, e);
      }
    }
  }
}
