package dev.lifeline.cli;

import dev.lifeline.bench.chaos.ReplicaResult;
import dev.lifeline.bench.chaos.ReplicaRunner;
import dev.lifeline.bench.chaos.Scenario;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lifeline simulate --replicas N [--shared-state]}: the scenario's requests spread over N
 * Lifeline replicas, each learning alone, and with {@code --shared-state} also over N replicas
 * sharing one state store, side by side.
 */
final class ReplicaSimulation {

  private ReplicaSimulation() {}

  /**
   * Runs the fleet(s) and prints the table, or with {@code json} one JSON object, to {@code out}.
   */
  static void run(
      Scenario scenario,
      int requests,
      long seed,
      int replicas,
      boolean shared,
      boolean json,
      PrintWriter out) {
    List<ReplicaResult> rows = new ArrayList<>();
    rows.add(
        ReplicaRunner.run(
            scenario, requests, seed, replicas, false, ReplicaRunner.DEFAULT_STALENESS));
    if (shared) {
      rows.add(
          ReplicaRunner.run(
              scenario, requests, seed, replicas, true, ReplicaRunner.DEFAULT_STALENESS));
    }
    if (json) {
      out.println(ReplicaResult.json(scenario, requests, seed, rows));
      out.flush();
      return;
    }
    out.println(
        "Scenario "
            + scenario.name()
            + ": "
            + requests
            + " requests round-robin over "
            + replicas
            + " replicas, seed "
            + seed
            + (shared
                ? ", shared state delivered after "
                    + ReplicaRunner.DEFAULT_STALENESS.toMillis()
                    + " ms"
                : ""));
    out.println(ReplicaResult.table(rows));
    out.println(
        "dead calls: failed calls sent to a deployment while an outage or a revoked key had it"
            + " down.");
    out.flush();
  }
}
