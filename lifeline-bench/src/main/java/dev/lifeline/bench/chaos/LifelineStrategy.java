package dev.lifeline.bench.chaos;

import dev.lifeline.CallOptions;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.retry.HedgePolicy;
import java.util.SplittableRandom;

/**
 * Lifeline with its default configuration (cascade, priority routing, default retry policy, health,
 * validators and learning), given the fleet's clock, scheduler and a seeded random source, and the
 * deployments' context windows and prices; {@link #withoutLearning()} is the same with learning
 * off, so that the two side by side show what the playbook (L4) adds and nothing else; {@link
 * #hedging()} is the default with hedged requests on.
 */
public final class LifelineStrategy implements Strategy {

  private final boolean learning;
  private final boolean balanced;
  private final HedgePolicy hedging;

  /** Lifeline, default configuration: {@code lifeline}. */
  public LifelineStrategy() {
    this(true, false, HedgePolicy.off());
  }

  private LifelineStrategy(boolean learning, boolean balanced, HedgePolicy hedging) {
    this.learning = learning;
    this.balanced = balanced;
    this.hedging = hedging;
  }

  /**
   * Lifeline with the scenario's keys of one model as a deployment group (least in flight) and each
   * key's requests-per-minute quota as a client-side limit: {@code lifeline-balanced}. The same as
   * {@code lifeline} in a scenario with neither.
   */
  public static LifelineStrategy balanced() {
    return new LifelineStrategy(true, true, HedgePolicy.off());
  }

  /**
   * Lifeline, default configuration, with hedged requests: an attempt still unanswered after its
   * deployment's P95 time to answer gets a second one on a backup, within the default 5 % hedge
   * budget ({@link HedgePolicy#afterP95()}): {@code hedging}.
   */
  public static LifelineStrategy hedging() {
    return new LifelineStrategy(true, false, HedgePolicy.afterP95());
  }

  /** Lifeline, default configuration, learning off: {@code lifeline-no-learning}. */
  public static LifelineStrategy withoutLearning() {
    return new LifelineStrategy(false, false, HedgePolicy.off());
  }

  @Override
  public String name() {
    if (hedging.enabled()) {
      return "hedging";
    }
    return balanced ? "lifeline-balanced" : learning ? "lifeline" : "lifeline-no-learning";
  }

  @Override
  public String description() {
    if (hedging.enabled()) {
      return "SelfHealingEngine, default config, hedged after each deployment's P95 (5% budget)";
    }
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
            .learning(learning ? LearningSettings.defaults() : LearningSettings.off())
            .hedging(hedging);
    fleet.ladders().forEach(builder::provider);
    if (balanced) {
      ScenarioBalancing.apply(fleet.scenario(), builder);
    }
    SelfHealingEngine engine = builder.build();
    // A turn of a conversation carries its session key, as an application would pass it: within a
    // group, affinity (on by default) keeps the conversation where its prompt cache is warm.
    return Caller.streaming(
        (request, onDelta) -> {
          CallOptions options =
              request.sessionKey() == null
                  ? CallOptions.defaults()
                  : CallOptions.defaults().withSessionKey(request.sessionKey());
          return onDelta == null
              ? engine.callAsync(request.chat(), options)
              : engine.stream(request.chat(), options, onDelta);
        });
  }
}
