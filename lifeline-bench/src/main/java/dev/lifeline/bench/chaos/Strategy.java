package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A way of calling a fleet of LLM providers, compared with the others on the same requests and
 * faults. A new strategy is one class registered by name in {@link Strategies}.
 */
public interface Strategy {

  /** Its name in tables and JSON ("naive-retry", "lifeline"). */
  String name();

  /** One line on what it does. */
  String description();

  /**
   * Sets up a fresh instance (circuit breakers, engine) over {@code fleet} for one run.
   *
   * @return the caller every request of the run goes through
   */
  Caller open(Fleet fleet);

  /** Sends requests; called on the fleet's scheduler thread, must not block. */
  @FunctionalInterface
  interface Caller {

    /**
     * Sends one request; the future ends with the answer returned to the application, or
     * exceptionally when the strategy gave up.
     */
    CompletableFuture<ChatResponse> call(SimRequest request);
  }
}
