package dev.lifeline.micrometer;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.Deployment;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of one engine's health, read when the registry is scraped: per configured deployment
 * {@code lifeline.circuit.state} (0 closed, 1 half-open, 2 open) and {@code
 * lifeline.cooldown.active} (1 while it, or its whole provider, cools down, else 0), tagged {@code
 * gen_ai.provider.name} and {@code gen_ai.request.model}; and {@code lifeline.retry_budget.tokens},
 * the extra attempts the shared retry budget still allows (NaN when the budget is off).
 *
 * <p>{@code new LifelineGauges(engine).bindTo(registry)}, or declare it as a bean where a framework
 * binds every {@link MeterBinder}. The gauges hold the engine weakly, as Micrometer's gauges do:
 * they read NaN once it is gone. Binding to a registry that has them already (a framework binds
 * every binder, and code may bind it too) leaves them as they are, without Micrometer's warning of
 * a gauge registered twice.
 */
public final class LifelineGauges implements MeterBinder {

  private final SelfHealingEngine engine;

  /** Gauges of {@code engine}. */
  public LifelineGauges(SelfHealingEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Deployment deployment : engine.deployments()) {
      gauge(
          registry,
          MeterNames.CIRCUIT_STATE_GAUGE,
          "Circuit breaker state: 0 closed, 1 half-open, 2 open",
          deployment,
          health -> circuit(health.circuitState()));
      gauge(
          registry,
          MeterNames.COOLDOWN_ACTIVE,
          "1 while the deployment or its provider cools down, else 0",
          deployment,
          health -> health.cooldownUntil() == null ? 0 : 1);
    }
    if (registry.find(MeterNames.RETRY_BUDGET_TOKENS).gauge() == null) {
      Gauge.builder(MeterNames.RETRY_BUDGET_TOKENS, engine, e -> e.retryBudget().orElse(Double.NaN))
          .description("Extra attempts the shared retry budget still allows")
          .register(registry);
    }
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      Deployment deployment,
      ToDoubleFunction<DeploymentHealth> value) {
    Tags tags = MicrometerListener.deploymentTags(deployment);
    if (registry.find(name).tags(tags).gauge() != null) {
      return;
    }
    Gauge.builder(name, engine, e -> read(e, deployment, value))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static double read(
      SelfHealingEngine engine, Deployment deployment, ToDoubleFunction<DeploymentHealth> value) {
    for (DeploymentHealth health : engine.health()) {
      if (health.deployment().equals(deployment)) {
        return value.applyAsDouble(health);
      }
    }
    return Double.NaN;
  }

  private static double circuit(CircuitState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  @Override
  public String toString() {
    return "LifelineGauges{" + engine.deployments() + "}";
  }
}
