package dev.lifeline.bench.chaos;

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
