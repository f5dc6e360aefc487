package dev.lifeline.bench.chaos;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.learning.LearningSettings;
import java.util.SplittableRandom;

/**
 * Lifeline with its default configuration but learning off ({@link LearningSettings#off()}): beside
 * {@code lifeline}, it shows what the playbook (L4) adds and nothing else.
 */
public final class LifelineNoLearningStrategy implements Strategy {

  @Override
  public String name() {
    return "lifeline-no-learning";
  }

  @Override
  public String description() {
    return "SelfHealingEngine, default config, learning off";
  }

  @Override
  public Caller open(Fleet fleet) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .ticker(fleet.ticker())
            .scheduler(fleet.scheduler())
            .random(new SplittableRandom(fleet.seed()))
            .learning(LearningSettings.off());
    fleet.ladders().forEach(builder::provider);
    SelfHealingEngine engine = builder.build();
    return request -> engine.callAsync(request.chat());
  }
}
