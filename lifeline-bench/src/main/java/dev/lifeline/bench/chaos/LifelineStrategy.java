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
  private final boolean balanced;

  /** Lifeline, default configuration: {@code lifeline}. */
  public LifelineStrategy() {
    this(true, false);
  }

  private LifelineStrategy(boolean learning, boolean balanced) {
    this.learning = learning;
    this.balanced = balanced;
  }

  /**
   * Lifeline with the scenario's keys of one model as a deployment group (least in flight) and each
   * key's requests-per-minute quota as a client-side limit: {@code lifeline-balanced}. The same as
   * {@code lifeline} in a scenario with neither.
   */
  public static LifelineStrategy balanced() {
    return new LifelineStrategy(true, true);
  }

  /** Lifeline, default configuration, learning off: {@code lifeline-no-learning}. */
  public static LifelineStrategy withoutLearning() {
    return new LifelineStrategy(false, false);
  }

  @Override
  public String name() {
    return balanced ? "lifeline-balanced" : learning ? "lifeline" : "lifeline-no-learning";
  }

  @Override
  public String description() {
    if (balanced) {
      return "SelfHealingEngine, keys of a model as a group, client-side rate limits";
    }
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
    if (balanced) {
      ScenarioBalancing.apply(fleet.scenario(), builder);
    }
    SelfHealingEngine engine = builder.build();
    return request -> engine.callAsync(request.chat());
  }
}
