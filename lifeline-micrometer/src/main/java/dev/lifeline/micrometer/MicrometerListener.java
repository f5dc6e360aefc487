package dev.lifeline.micrometer;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Verdict;
import dev.lifeline.trace.CallListener;
import dev.lifeline.trace.CallStart;
import dev.lifeline.trace.EngineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Micrometer for one engine: an {@link io.micrometer.observation.Observation} per call, and the
 * meters of the GenAI semantic conventions and of the cascade. Add it with {@code
 * SelfHealingEngine.builder().listener(...)}; bind {@link LifelineGauges} to the built engine for
 * circuits, cooldowns and the retry budget.
 *
 * <p>Each call is one observation named {@code gen_ai.client.operation}, started on the caller's
 * thread (so the caller's current observation is its parent), with one event ({@code
 * lifeline.attempt}) per attempt and, when it stops, the low-cardinality keys {@code
 * gen_ai.operation.name} ({@code chat}), {@code gen_ai.provider.name} and {@code
 * gen_ai.response.model} (the deployment that answered, or was tried last), {@code
 * gen_ai.request.model} (the first deployment of the call's plan), {@code error.type} (the last
 * failure's kind, the exception's simple name, or {@code none}), {@code lifeline.outcome} ({@code
 * success} or {@code failure}) and {@code lifeline.decision} (the last attempt's decision); {@code
 * lifeline.attempts} is a high-cardinality key.
 *
 * <p>Meters:
 *
 * <ul>
 *   <li>{@code gen_ai.client.operation.duration} (timer, seconds, with histogram buckets): the
 *       whole call, every retry and wait included, on the engine's clock; tagged like the
 *       observation
 *   <li>{@code gen_ai.client.token.usage} (distribution summary, tokens): {@code gen_ai.token.type}
 *       {@code input} or {@code output}, per answered call that reported usage
 *   <li>{@code gen_ai.client.operation.time_to_first_chunk} (timer): streams, from the answering
 *       attempt's start to its first chunk
 *   <li>{@code lifeline.attempts} (counter) by {@code error.type} and {@code lifeline.decision};
 *       {@code lifeline.attempt.duration} (timer) by {@code error.type}
 *   <li>{@code lifeline.failovers}, {@code lifeline.degrades} (counters): of the deployment left
 *   <li>{@code lifeline.validation.failures} (counter) by {@code lifeline.validator}
 *   <li>{@code lifeline.learned.hints} (counter) by {@code lifeline.hint}: {@code reorder} (a
 *       deployment the playbook moved later in a plan), {@code detour}
 *   <li>{@code lifeline.retry_budget.exhausted}, {@code lifeline.circuit.transitions} (by {@code
 *       lifeline.circuit.state}, the new state), {@code lifeline.cooldowns} (by {@code
 *       lifeline.cooldown.scope} and {@code lifeline.cooldown.target}) (counters)
 * </ul>
 *
 * <p>Every tag value is a configured provider or model name, a validator's name, or one of a fixed
 * set, so the number of series is bounded by the configured deployments. No prompt, answer or key
 * is recorded. Thread-safe; one listener can serve several engines.
 */
public final class MicrometerListener implements EngineListener {

  private final MeterRegistry meters;
  private final ObservationRegistry observations;

  private MicrometerListener(Builder builder) {
    this.meters = builder.meters;
    this.observations = builder.observations;
  }

  /** A listener that writes its meters to {@code meters}, and makes no observation. */
  public static MicrometerListener of(MeterRegistry meters) {
    return builder(meters).build();
  }

  /** A builder writing meters to {@code meters}. */
  public static Builder builder(MeterRegistry meters) {
    return new Builder(meters);
  }

  @Override
  public CallListener onCallStarted(CallStart call) {
    if (call.learnedMoves() > 0) {
      hints("reorder").increment(call.learnedMoves());
    }
    return new CallObservation(this, call, observations);
  }

  @Override
  public void onAttempt(Attempt attempt) {
    Deployment deployment = attempt.deployment();
    Tags where = deploymentTags(deployment);
    String error = MeterNames.errorType(attempt);
    Counter.builder(MeterNames.ATTEMPTS)
        .description("Attempts of LLM calls, by deployment, failure kind and the decision taken")
        .tags(where)
        .tag(MeterNames.ERROR_TYPE, error)
        .tag(MeterNames.DECISION, MeterNames.decision(attempt))
        .register(meters)
        .increment();
    Timer.builder(MeterNames.ATTEMPT_DURATION)
        .description("How long each attempt took, by deployment and failure kind")
        .tags(where)
        .tag(MeterNames.ERROR_TYPE, error)
        .publishPercentileHistogram()
        .register(meters)
        .record(attempt.latency());
    if (attempt.decision() == Decision.FAILOVER) {
      Counter.builder(MeterNames.FAILOVERS)
          .description("Calls moved from this deployment to another provider")
          .tags(where)
          .register(meters)
          .increment();
    } else if (attempt.decision() == Decision.DEGRADE) {
      Counter.builder(MeterNames.DEGRADES)
          .description("Calls moved from this deployment to its provider's next model")
          .tags(where)
          .register(meters)
          .increment();
    }
    for (Verdict verdict : attempt.failedVerdicts()) {
      Counter.builder(MeterNames.VALIDATION_FAILURES)
          .description("Answers a validator rejected, by validator and deployment")
          .tags(where)
          .tag(MeterNames.VALIDATOR, verdict.validator())
          .register(meters)
          .increment();
    }
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    Counter.builder(MeterNames.CIRCUIT_TRANSITIONS)
        .description("Circuit breaker transitions, by deployment and the state entered")
        .tags(deploymentTags(deployment))
        .tag(MeterNames.CIRCUIT_STATE, MeterNames.value(to))
        .register(meters)
        .increment();
  }

  @Override
  public void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {
    Counter.builder(MeterNames.COOLDOWNS)
        .description("Cooldowns started, of a deployment or a whole provider")
        .tag(MeterNames.COOLDOWN_SCOPE, target.provider() ? "provider" : "deployment")
        .tag(MeterNames.COOLDOWN_TARGET, target.name())
        .register(meters)
        .increment();
  }

  @Override
  public void onRetryBudgetExhausted(Deployment deployment) {
    Counter.builder(MeterNames.RETRY_BUDGET_EXHAUSTED)
        .description("Extra attempts denied because the retry budget was spent")
        .tags(deploymentTags(deployment))
        .register(meters)
        .increment();
  }

  /** The registry meters are written to. */
  MeterRegistry meters() {
    return meters;
  }

  /** The counter of learned hints of {@code kind} ("reorder", "detour"). */
  Counter hints(String kind) {
    return Counter.builder(MeterNames.LEARNED_HINTS)
        .description("Times the playbook changed a call's course, by kind")
        .tag(MeterNames.HINT, kind)
        .register(meters);
  }

  /** The tags that name a deployment, as the conventions do. */
  static Tags deploymentTags(Deployment deployment) {
    return Tags.of(
        MeterNames.PROVIDER, MeterNames.provider(deployment),
        MeterNames.REQUEST_MODEL, MeterNames.model(deployment));
  }

  @Override
  public String toString() {
    return "MicrometerListener{" + meters.getClass().getSimpleName() + "}";
  }

  /** Builds a {@link MicrometerListener}; not thread-safe. */
  public static final class Builder {
    private final MeterRegistry meters;
    private ObservationRegistry observations = ObservationRegistry.NOOP;

    private Builder(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * Where each call's observation goes; {@link ObservationRegistry#NOOP} (no observation) unless
     * set.
     */
    public Builder observations(ObservationRegistry observations) {
      this.observations = Objects.requireNonNull(observations, "observations");
      return this;
    }

    /** Builds the listener. */
    public MicrometerListener build() {
      return new MicrometerListener(this);
    }
  }
}
