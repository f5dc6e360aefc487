package dev.lifeline;

import dev.lifeline.embedding.EmbeddingLadder;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.model.RemedyTable;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.retry.AttemptTimeout;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import dev.lifeline.trace.EngineListener;
import dev.lifeline.validation.ResponseValidator;
import dev.lifeline.validation.Validators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What an engine is built from, as {@link SelfHealingEngine.Builder} collects it: every setting
 * with its default, and the checks that span settings (unique provider names, at least one
 * provider). Mutable, not thread-safe; the builder checks each value's own range. Not API.
 */
final class EngineSpec {
  /** The default deadline of a whole cascade: long enough for a slow answer and a failover. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  final List<ProviderLadder> ladders = new ArrayList<>();
  final List<EmbeddingLadder> embeddings = new ArrayList<>();
  RetryPolicy retryPolicy = RetryPolicy.defaults();
  AttemptTimeout attemptTimeout = AttemptTimeout.defaults();
  RemedyTable remedies = RemedyTable.defaults();
  FallbackStrategy strategy = FallbackStrategy.CASCADE;
  Duration deadline = DEFAULT_DEADLINE;
  final List<EngineListener> listeners = new ArrayList<>();
  Ticker ticker = Ticker.system();
  Scheduler scheduler = Scheduler.system();
  RandomGenerator random;
  // Refusal, empty answer, truncation and JSON checks are safe for every answer: on unless
  // replaced.
  final List<ResponseValidator> validators = new ArrayList<>(Validators.defaults());
  RoutingMode routing = RoutingMode.PRIORITY;
  LearningSettings learning = LearningSettings.defaults();
  StateStore store;
  HealthSettings health = HealthSettings.defaults();
  HedgePolicy hedging = HedgePolicy.off();
  final BalancingSpec balancing = new BalancingSpec();

  /**
   * Adds {@code ladder} after the others.
   *
   * @throws IllegalArgumentException if the ladder has no model, or another provider has its name
   */
  void addLadder(ProviderLadder ladder) {
    if (ladder.deployments().isEmpty()) {
      throw new IllegalArgumentException(
          "provider '" + ladder.provider().name() + "' needs at least one model");
    }
    for (ProviderLadder existing : ladders) {
      if (existing.provider().name().equals(ladder.provider().name())) {
        throw new IllegalArgumentException(
            "provider name '"
                + ladder.provider().name()
                + "' is already used; names must be unique");
      }
    }
    ladders.add(ladder);
  }

  /**
   * Adds {@code ladder} after the other embedding ladders.
   *
   * @throws IllegalArgumentException if a ladder of its dimensions is already there: a call could
   *     not tell which one it means
   */
  void addEmbeddings(EmbeddingLadder ladder) {
    for (EmbeddingLadder existing : embeddings) {
      if (existing.dimensions() == ladder.dimensions()) {
        throw new IllegalArgumentException(
            "an embedding ladder of "
                + ladder.dimensions()
                + " dimensions is already there ("
                + existing
                + "); put equivalent deployments in one ladder");
      }
    }
    embeddings.add(ladder);
  }

  /**
   * Checks the spec can make an engine, and fills what defaults at build time (the random source).
   *
   * @throws IllegalStateException if no provider was added
   */
  void readyToBuild() {
    if (ladders.isEmpty() && embeddings.isEmpty()) {
      throw new IllegalStateException("add at least one provider before build()");
    }
    if (random == null) {
      random = new SplittableRandom();
    }
  }
}
