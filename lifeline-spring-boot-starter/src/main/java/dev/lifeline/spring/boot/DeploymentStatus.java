package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What health and the endpoint say of one deployment at an instant. */
final class DeploymentStatus {
  private DeploymentStatus() {}

  /**
   * The health of every deployment of {@code engine}, in cascade order; one the engine has not
   * called yet has no calls and a closed circuit.
   */
  static List<DeploymentHealth> fleet(SelfHealingEngine engine) {
    Map<String, DeploymentHealth> known = new HashMap<>();
    for (DeploymentHealth health : engine.health()) {
      known.put(health.deployment().id(), health);
    }
    List<DeploymentHealth> fleet = new ArrayList<>();
    for (Deployment deployment : engine.deployments()) {
      DeploymentHealth health = known.get(deployment.id());
      fleet.add(health != null ? health : DeploymentHealth.unseen(deployment));
    }
    return fleet;
  }

  /**
   * Whether {@code health}'s deployment may take a call at {@code now}: its circuit is not open (or
   * its open time is over, and a probe may go), and no cooldown holds it.
   */
  static boolean canAnswer(DeploymentHealth health, Instant now) {
    boolean circuitLets =
        health.circuitState() != CircuitState.OPEN
            || (health.circuitOpenUntil() != null && !health.circuitOpenUntil().isAfter(now));
    boolean cooled = health.cooldownUntil() == null || !health.cooldownUntil().isAfter(now);
    return circuitLets && cooled;
  }

  /** The details of one deployment, for JSON. */
  static Map<String, Object> details(DeploymentHealth health, Instant now) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("available", canAnswer(health, now));
    details.put("circuit", health.circuitState().name());
    if (health.circuitOpenUntil() != null && health.circuitOpenUntil().isAfter(now)) {
      details.put("circuitOpenFor", text(Duration.between(now, health.circuitOpenUntil())));
    }
    if (health.cooldownUntil() != null && health.cooldownUntil().isAfter(now)) {
      details.put("cooldownFor", text(Duration.between(now, health.cooldownUntil())));
      details.put("cooldownReason", health.cooldownReason());
    }
    details.put("calls", health.calls());
    details.put("errorRate", Math.round(health.errorRate() * 1000) / 1000.0);
    if (health.p95() != null) {
      details.put("p95", text(health.p95()));
    }
    return details;
  }

  /** A duration as {@code 1.250s} or {@code 340ms}. */
  static String text(Duration duration) {
    long millis = duration.toMillis();
    return millis < 1000
        ? millis + "ms"
        : String.format(java.util.Locale.ROOT, "%.3fs", millis / 1000.0);
  }
}
