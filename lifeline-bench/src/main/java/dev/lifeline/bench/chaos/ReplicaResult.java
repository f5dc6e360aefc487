package dev.lifeline.bench.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * One run of a fleet of Lifeline replicas ({@link ReplicaRunner}). Immutable.
 *
 * @param replicas how many engines the requests were spread over
 * @param sharedState whether they shared one state store
 * @param result the fleet's outcome, as one strategy's (success, percentiles, wasted calls)
 * @param deadProviderCalls failed provider calls the fleet sent to a deployment while an outage or
 *     a revoked key had it down: what the fleet paid to learn, replica by replica or once
 */
public record ReplicaResult(
    int replicas, boolean sharedState, StrategyResult result, long deadProviderCalls) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The rows as one JSON object: {@code {"scenario", "requests", "seed", "runner":
   * "virtual-time-replicas", "fleets": {NAME: {"replicas", "sharedState", "successRate", "p50Ms",
   * "p95Ms", "p99Ms", "wastedCalls", "deadCalls", "cost"}}}}, numbers rounded. The same runs give
   * the same text.
   */
  public static String json(Scenario scenario, int requests, long seed, List<ReplicaResult> rows) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", scenario.name());
    root.put("requests", requests);
    root.put("seed", seed);
    root.put("runner", "virtual-time-replicas");
    ObjectNode fleets = root.putObject("fleets");
    for (ReplicaResult row : rows) {
      StrategyResult result = row.result();
      ObjectNode node = fleets.putObject(result.name());
      node.put("replicas", row.replicas());
      node.put("sharedState", row.sharedState());
      node.put("successRate", round(result.successRate(), 100_000));
      node.put("p50Ms", round(result.p50Ms(), 10));
      node.put("p95Ms", round(result.p95Ms(), 10));
      node.put("p99Ms", round(result.p99Ms(), 10));
      node.put("wastedCalls", result.wastedCalls());
      node.put("deadCalls", row.deadProviderCalls());
      node.put("cost", round(result.cost(), 10_000));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of numbers and texts", e);
    }
  }

  private static double round(double value, double scale) {
    return Double.isFinite(value) ? Math.round(value * scale) / scale : 0;
  }

  /** The rows as a plain-text table, one line per run. */
  public static String table(List<ReplicaResult> rows) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%-30s %9s %10s %13s %13s%n",
            "fleet",
            "success",
            "p95",
            "wasted calls",
            "dead calls"));
    for (ReplicaResult row : rows) {
      table.append(
          String.format(
              Locale.ROOT,
              "%-30s %8.2f%% %8.0fms %13d %13d%n",
              row.result().name(),
              row.result().successRate() * 100,
              row.result().p95Ms(),
              row.result().wastedCalls(),
              row.deadProviderCalls()));
    }
    return table.toString().stripTrailing();
  }
}
