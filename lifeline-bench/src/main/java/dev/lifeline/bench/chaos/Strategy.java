package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

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

    /**
     * Sends one request, streaming: what the application is shown goes to {@code onDelta} as it
     * arrives. The default does not stream: it passes on the whole answer as one delta.
     */
    default CompletableFuture<ChatResponse> stream(SimRequest request, Consumer<String> onDelta) {
      return call(request)
          .thenApply(
              answer -> {
                if (!answer.text().isEmpty()) {
                  onDelta.accept(answer.text());
                }
                return answer;
              });
    }

    /**
     * A caller that streams through {@code send} when given a delta consumer and calls it with null
     * to send plainly.
     */
    static Caller streaming(
        BiFunction<SimRequest, Consumer<String>, CompletableFuture<ChatResponse>> send) {
      return new Caller() {
        @Override
        public CompletableFuture<ChatResponse> call(SimRequest request) {
          return send.apply(request, null);
        }

        @Override
        public CompletableFuture<ChatResponse> stream(
            SimRequest request, Consumer<String> onDelta) {
          return send.apply(request, onDelta);
        }
      };
    }
  }

  /**
   * Sends {@code request} once to {@code model} of {@code provider}: streaming to {@code onDelta},
   * or plainly when it is null.
   */
  static CompletableFuture<ChatResponse> send(
      Provider provider, String model, SimRequest request, Consumer<String> onDelta) {
    return onDelta == null
        ? provider.send(request.chat(), model)
        : provider.stream(request.chat(), model, onDelta);
  }
}
