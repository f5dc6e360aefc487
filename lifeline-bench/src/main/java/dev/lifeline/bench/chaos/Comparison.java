package dev.lifeline.bench.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The strategies' results side by side on one scenario, one request stream and one seed. Immutable.
 *
 * @param scenario the scenario played
 * @param requests how many requests each strategy was sent
 * @param seed the seed of the request stream and of the faults' draws
 * @param runner "virtual-time" or "http"
 * @param results one per strategy, in the order they were asked for
 */
public record Comparison(
    Scenario scenario, int requests, long seed, String runner, List<StrategyResult> results) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the list. */
  public Comparison {
    results = List.copyOf(results);
  }

  /** Whether some of the scenario's requests stream (then results count duplicated characters). */
  public boolean streams() {
    return scenario.workload().streamShare() > 0;
  }

  /** The result of the strategy called {@code name}. */
  public StrategyResult result(String name) {
    return results.stream().filter(result -> result.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * One JSON object: {@code {"scenario", "requests", "seed", "runner", "strategies": {NAME:
   * {"successRate", "p50Ms", "p95Ms", "p99Ms", "attemptsPerRequest", "extraLoad", "wastedCalls",
   * "cost", "recoverySeconds"}}}} (and, when requests stream, "duplicatedChars", "lostChars" and
   * "firstDeltaP99Ms"), with rounded numbers and null for a recovery that does not apply; in a
   * scenario with conversations each strategy has a {@code "cacheHitRate"} too. The same run gives
   * the same text.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", scenario.name());
    root.put("requests", requests);
    root.put("seed", seed);
    root.put("runner", runner);
    ObjectNode strategies = root.putObject("strategies");
    for (StrategyResult result : results) {
      ObjectNode node = strategies.putObject(result.name());
      node.put("successRate", round(result.successRate(), 5));
      node.put("p50Ms", round(result.p50Ms(), 1));
      node.put("p95Ms", round(result.p95Ms(), 1));
      node.put("p99Ms", round(result.p99Ms(), 1));
      node.put("attemptsPerRequest", round(result.attemptsPerRequest(), 4));
      node.put("extraLoad", round(result.extraLoad(), 4));
      node.put("wastedCalls", result.wastedCalls());
      node.put("cost", round(result.cost(), 4));
      if (result.recoverySeconds() == null || result.recoverySeconds().isNaN()) {
        node.putNull("recoverySeconds");
      } else {
        node.put("recoverySeconds", round(result.recoverySeconds(), 1));
      }
      if (streams()) {
        node.put("duplicatedChars", result.duplicatedChars());
        node.put("lostChars", result.lostChars());
        if (result.firstDeltaP99Ms() != null) {
          node.put("firstDeltaP99Ms", round(result.firstDeltaP99Ms(), 1));
        }
      }
      if (result.cacheHitRate() != null) {
        node.put("cacheHitRate", round(result.cacheHitRate(), 4));
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of numbers and texts", e);
    }
  }

  /** Whether the results have a cache hit rate (a scenario with conversations). */
  public boolean hasCacheHitRate() {
    return results.stream().anyMatch(result -> result.cacheHitRate() != null);
  }

  private static double round(double value, int places) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
