package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.time.Ticker;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's health for Actuator: UP while some deployment can answer (its circuit not open, no
 * cooldown on it), DOWN when none can; the details name each deployment with its circuit, cooldown,
 * error rate and P95.
 */
public final class LifelineHealthIndicator implements HealthIndicator {
  private final SelfHealingEngine engine;
  private final Ticker ticker;

  /**
   * Health of {@code engine}, with "now" read from {@code ticker} (the engine's).
   *
   * @param engine the engine
   * @param ticker the clock the engine's cooldowns and circuits are timed by
   */
  public LifelineHealthIndicator(SelfHealingEngine engine, Ticker ticker) {
    this.engine = engine;
    this.ticker = ticker;
  }

  @Override
  public Health health() {
    Instant now = ticker.now();
    List<DeploymentHealth> deployments = DeploymentStatus.fleet(engine);
    Map<String, Object> details = new LinkedHashMap<>();
    boolean anyCanAnswer = false;
    for (DeploymentHealth deployment : deployments) {
      anyCanAnswer |= DeploymentStatus.canAnswer(deployment, now);
      details.put(deployment.deployment().id(), DeploymentStatus.details(deployment, now));
    }
    Health.Builder health = anyCanAnswer ? Health.up() : Health.down();
    return health.withDetails(details).build();
  }
}
