package dev.lifeline.bench.chaos;

import dev.lifeline.model.Deployment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bound nothing can beat: it knows which deployment answers correctly at each instant and which
 * a brownout slows down, and sends each request, once, without waiting, to the first that answers
 * correctly at its usual speed (else to the one expected soonest; see {@link
 * FaultTimeline#oraclePick}); it fails only when no deployment can answer.
 */
public final class OracleStrategy implements Strategy {

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public String description() {
    return "knows the healthy, fast deployment: the bound";
  }

  @Override
  public Caller open(Fleet fleet) {
    List<Deployment> deployments = fleet.deployments();
    return Strategy.Caller.streaming(
        (request, onDelta) -> {
          int pick = fleet.clairvoyantPick(request);
          if (pick < 0) {
            return CompletableFuture.failedFuture(
                new IllegalStateException("no deployment can answer now"));
          }
          Deployment deployment = deployments.get(pick);
          return Strategy.send(
              fleet.provider(deployment.provider()), deployment.model(), request, onDelta);
        });
  }
}
