package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The loop most code starts with: one provider, its first model, three tries, sleeping 2^i seconds
 * after the i-th failure (1 s, then 2 s). Any 200 OK is taken as the answer. A stream that breaks
 * is sent again from the start, its text appended to what the caller already has.
 */
public final class NaiveRetryStrategy implements Strategy {

  /** Tries per request, as in the usual snippet. */
  static final int TRIES = 3;

  @Override
  public String name() {
    return "naive-retry";
  }

  @Override
  public String description() {
    return "primary only, 3 tries, sleep 2^i s";
  }

  @Override
  public Caller open(Fleet fleet) {
    ProviderLadder primary = fleet.ladders().get(0);
    Provider provider = primary.provider();
    String model = primary.deployments().get(0).model();
    return Caller.streaming(
        (request, onDelta) -> {
          CompletableFuture<ChatResponse> result = new CompletableFuture<>();
          attempt(fleet, provider, model, request, onDelta, 0, result);
          return result;
        });
  }

  private static void attempt(
      Fleet fleet,
      Provider provider,
      String model,
      SimRequest request,
      Consumer<String> onDelta,
      int i,
      CompletableFuture<ChatResponse> result) {
    // A stream that broke midway is simply sent again: its caller keeps what it was shown.
    Strategy.send(provider, model, request, onDelta)
        .whenComplete(
            (answer, error) -> {
              if (error == null) {
                result.complete(answer);
              } else if (i + 1 < TRIES) {
                fleet
                    .scheduler()
                    .schedule(
                        () -> attempt(fleet, provider, model, request, onDelta, i + 1, result),
                        Duration.ofSeconds(1L << i));
              } else {
                result.completeExceptionally(error);
              }
            });
  }
}
