package dev.lifeline.bench.chaos;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ProviderLadder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The hand-written failover loop: each provider's first model, in order, once; the first 200 OK is
 * the answer. No waiting, no memory of what failed a moment ago.
 */
public final class NaiveFailoverStrategy implements Strategy {

  @Override
  public String name() {
    return "naive-failover";
  }

  @Override
  public String description() {
    return "each provider in order, once";
  }

  @Override
  public Caller open(Fleet fleet) {
    List<ProviderLadder> ladders = fleet.ladders();
    return Caller.streaming(
        (request, onDelta) -> {
          CompletableFuture<ChatResponse> result = new CompletableFuture<>();
          attempt(ladders, request, onDelta, 0, result);
          return result;
        });
  }

  private static void attempt(
      List<ProviderLadder> ladders,
      SimRequest request,
      Consumer<String> onDelta,
      int k,
      CompletableFuture<ChatResponse> result) {
    ProviderLadder ladder = ladders.get(k);
    Strategy.send(ladder.provider(), ladder.deployments().get(0).model(), request, onDelta)
        .whenComplete(
            (answer, error) -> {
              if (error == null) {
                result.complete(answer);
              } else if (k + 1 < ladders.size()) {
                attempt(ladders, request, onDelta, k + 1, result);
              } else {
                result.completeExceptionally(error);
              }
            });
  }
}
