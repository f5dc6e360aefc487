package dev.lifeline.spring.boot;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.time.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code lifeline}: the deployments in cascade order, the holds on them now
 * (open circuits and cooldowns, with how long they last), and the playbook the engine learned, with
 * each entry's confidence.
 */
@Endpoint(id = "lifeline")
public final class LifelineEndpoint {
  private final SelfHealingEngine engine;
  private final Ticker ticker;

  /**
   * The endpoint of {@code engine}, with "now" read from {@code ticker} (the engine's).
   *
   * @param engine the engine
   * @param ticker the clock the engine's holds are timed by
   */
  public LifelineEndpoint(SelfHealingEngine engine, Ticker ticker) {
    this.engine = engine;
    this.ticker = ticker;
  }

  /** The deployments, the holds on them and the playbook. */
  @ReadOperation
  public Map<String, Object> lifeline() {
    Instant now = ticker.now();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("strategy", engine.strategy().name());
    out.put("routing", engine.routing().name());
    List<String> deployments = new ArrayList<>();
    List<Map<String, Object>> holds = new ArrayList<>();
    for (DeploymentHealth health : DeploymentStatus.fleet(engine)) {
      String id = health.deployment().id();
      deployments.add(id);
      if (health.circuitOpenUntil() != null && health.circuitOpenUntil().isAfter(now)) {
        holds.add(hold(id, "circuit-open", health.circuitOpenUntil(), now, null));
      }
      if (health.cooldownUntil() != null && health.cooldownUntil().isAfter(now)) {
        holds.add(hold(id, "cooldown", health.cooldownUntil(), now, health.cooldownReason()));
      }
    }
    out.put("deployments", deployments);
    out.put("holds", holds);
    out.put("playbook", playbook(engine.playbook()));
    return out;
  }

  private static Map<String, Object> hold(
      String deployment, String kind, Instant until, Instant now, String reason) {
    Map<String, Object> hold = new LinkedHashMap<>();
    hold.put("deployment", deployment);
    hold.put("kind", kind);
    hold.put("until", until.toString());
    hold.put("remaining", DeploymentStatus.text(java.time.Duration.between(now, until)));
    if (reason != null) {
      hold.put("reason", reason);
    }
    return hold;
  }

  private static Map<String, Object> playbook(Playbook playbook) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", playbook.enabled());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (PlaybookEntry entry : playbook.entries()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("deployment", entry.signature().deployment());
      row.put("kind", entry.signature().kind().name());
      row.put("providerCode", entry.signature().providerCode());
      row.put("failures", entry.failures());
      row.put("lastSeen", entry.lastSeen().toString());
      row.put("confidence", Math.round(playbook.confidence(entry) * 1000) / 1000.0);
      entry.bestResolver().ifPresent(resolver -> row.put("bestResolver", resolver));
      entries.add(row);
    }
    out.put("entries", entries);
    return out;
  }
}
