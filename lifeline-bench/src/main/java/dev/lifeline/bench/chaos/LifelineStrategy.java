package dev.lifeline.bench.chaos;

import dev.lifeline.SelfHealingEngine;
import java.util.SplittableRandom;

/**
 * Lifeline with its default configuration (cascade, priority routing, default retry policy, health and
 * validators), given the fleet's clock, scheduler and a seeded random source, and the deployments'
 * context windows and prices.
 */
public final class LifelineStrategy implements Strategy {

  @Override
  public String name() {
    return "lifeline";
  }

  @Override
  public String description() {
    return "SelfHealingEngine, default config";
  }

  @Override
  public Caller open(Fleet fleet) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .ticker(fleet.ticker())
            .scheduler(fleet.scheduler())
            .random(new SplittableRandom(fleet.seed()));
    fleet.ladders().forEach(builder::provider);
    SelfHealingEngine engine = builder.build();
    return request -> engine.callAsync(request.chat());
  }
}
