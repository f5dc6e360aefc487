package dev.lifeline.bench.chaos;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.learning.LearningSettings;
import java.util.SplittableRandom;

/**
 * Lifeline with its default configuration (cascade, priority routing, default retry policy, health,
 * validators and learning), given the fleet's clock, scheduler and a seeded random source, and the
 * deployments' context windows and prices; {@link #withoutLearning()} is the same with learning
 * off, so that the two side by side show what the playbook (L4) adds and nothing else.
 */
public final class LifelineStrategy implements Strategy {

  private final boolean learning;

  /** Lifeline, default configuration: {@code lifeline}. */
  public LifelineStrategy() {
    this(true);
  }

  private LifelineStrategy(boolean learning) {
    this.learning = learning;
  }

  /** Lifeline, default configuration, learning off: {@code lifeline-no-learning}. */
  public static LifelineStrategy withoutLearning() {
    return new LifelineStrategy(false);
  }

  @Override
  public String name() {
    return learning ? "lifeline" : "lifeline-no-learning";
  }

  @Override
  public String description() {
    return learning
        ? "SelfHealingEngine, default config"
        : "SelfHealingEngine, default config, learning off";
  }

  @Override
  public Caller open(Fleet fleet) {
    SelfHealingEngine.Builder builder =
        SelfHealingEngine.builder()
            .ticker(fleet.ticker())
            .scheduler(fleet.scheduler())
            .random(new SplittableRandom(fleet.seed()))
            .learning(learning ? LearningSettings.defaults() : LearningSettings.off());
    fleet.ladders().forEach(builder::provider);
    SelfHealingEngine engine = builder.build();
    return request -> engine.callAsync(request.chat());
  }
}
