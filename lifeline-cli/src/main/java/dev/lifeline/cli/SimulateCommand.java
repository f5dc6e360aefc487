package dev.lifeline.cli;

import dev.lifeline.bench.chaos.Comparison;
import dev.lifeline.bench.chaos.ComparisonTable;
import dev.lifeline.bench.chaos.HtmlReport;
import dev.lifeline.bench.chaos.HttpRunner;
import dev.lifeline.bench.chaos.ProgressBar;
import dev.lifeline.bench.chaos.ReplicaRunner;
import dev.lifeline.bench.chaos.Scenario;
import dev.lifeline.bench.chaos.ScenarioException;
import dev.lifeline.bench.chaos.Strategies;
import dev.lifeline.bench.chaos.Strategy;
import dev.lifeline.bench.chaos.VirtualTimeRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline simulate}: plays a chaos scenario against every strategy on the same seeded
 * request stream and prints the comparison (a table, or JSON), optionally an HTML report.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Plays a chaos scenario against every strategy and compares them.",
      "The scenario is a shipped one's name or a YAML/JSON file; every strategy meets the same seeded"
          + " requests and faults. Virtual time by default (hours in seconds); --http plays it over"
          + " loopback HTTP. Exit code 0 when it ran, 2 for unusable input."
    })
final class SimulateCommand implements Callable<Integer> {

  /** Default request count: a scenario in a few seconds, enough for stable percentiles. */
  static final int DEFAULT_REQUESTS = 10_000;

  /** The most requests per strategy in virtual time. */
  static final int MAX_REQUESTS = 10_000_000;

  /** The shipped scenarios, for help and completion. */
  static final class ScenarioNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Scenario.SHIPPED.iterator();
    }
  }

  /** The strategies, for help and completion. */
  static final class StrategyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Strategies.names().iterator();
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      paramLabel = "NAME|FILE",
      completionCandidates = SimulateCommand.ScenarioNames.class,
      description = "A shipped scenario (${COMPLETION-CANDIDATES}), or a .yaml/.json file.")
  String scenario;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Requests per strategy, 1 to "
              + MAX_REQUESTS
              + " (default "
              + DEFAULT_REQUESTS
              + "; with --http at most "
              + HttpRunner.MAX_REQUESTS
              + ", default "
              + HttpRunner.DEFAULT_REQUESTS
              + ").")
  Integer requests;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the request stream and the faults' draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "Also write a self-contained HTML report (latency CDFs, success over time); its folder"
              + " must exist.")
  Path report;

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME",
      completionCandidates = SimulateCommand.StrategyNames.class,
      description =
          "Only these strategies, in this order (default: all of ${COMPLETION-CANDIDATES}; in a"
              + " scenario with conversations also lifeline-no-affinity, which may be named too).")
  List<String> strategies;

  @Option(
      names = "--http",
      description =
          "Play the scenario over real HTTP against fake servers on loopback, time-compressed.")
  boolean http;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description =
          "Spread the requests round-robin over N Lifeline replicas, 1 to "
              + ReplicaRunner.MAX_REPLICAS
              + ", each learning alone (virtual time; instead of the strategies).")
  Integer replicas;

  @Option(
      names = "--shared-state",
      description =
          "With --replicas: also play the N replicas sharing one state store (as on Redis) and"
              + " compare.")
  boolean sharedState;

  @Override
  public Integer call() throws IOException {
    Scenario loaded;
    List<Strategy> chosen;
    try {
      loaded = Scenario.load(scenario);
      chosen = strategies == null ? Strategies.forScenario(loaded) : Strategies.named(strategies);
    } catch (ScenarioException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, scenario);
    }
    int count = requests != null ? requests : http ? HttpRunner.DEFAULT_REQUESTS : DEFAULT_REQUESTS;
    if (count < 1 || count > (http ? HttpRunner.MAX_REQUESTS : MAX_REQUESTS)) {
      throw new ParameterException(
          spec.commandLine(),
          "--requests must be between 1 and "
              + (http ? HttpRunner.MAX_REQUESTS : MAX_REQUESTS)
              + ", was "
              + count);
    }
    if (replicas != null || sharedState) {
      return replicaFleet(loaded, count);
    }
    if (report != null) {
      // Checked before the run, which may take minutes: a report that cannot be written is
      // unusable input, not a stack trace at the end.
      Path folder = report.toAbsolutePath().getParent();
      if (folder != null && !Files.isDirectory(folder)) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lifeline simulate: --report " + report + ": no such folder " + folder);
        err.flush();
        return 2;
      }
      if (Files.isDirectory(report)) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lifeline simulate: --report " + report + " is a folder; name a file in it");
        err.flush();
        return 2;
      }
    }
    // A bar redrawn with \r is for a person at a terminal; in a log it is only noise.
    ProgressBar progress =
        System.console() == null
            ? ProgressBar.NONE
            : new ProgressBar(
                System.err, (long) count * chosen.size(), "simulating " + loaded.name());
    Comparison comparison;
    try {
      comparison =
          http
              ? HttpRunner.run(loaded, count, seed, chosen, progress)
              : VirtualTimeRunner.run(loaded, count, seed, chosen, progress);
    } finally {
      progress.finish();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? comparison.toJson() : ComparisonTable.render(comparison));
    if (report != null) {
      try {
        HtmlReport.write(comparison, report);
      } catch (IOException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lifeline simulate: cannot write --report " + report + ": " + e.getMessage());
        err.flush();
        return 1;
      }
      if (!json) {
        out.println("report: " + report.toAbsolutePath());
      }
    }
    out.flush();
    return 0;
  }

  private int replicaFleet(Scenario loaded, int count) {
    if (replicas == null || replicas < 1 || replicas > ReplicaRunner.MAX_REPLICAS) {
      throw new ParameterException(
          spec.commandLine(),
          "--replicas must be between 1 and "
              + ReplicaRunner.MAX_REPLICAS
              + (replicas == null ? " with --shared-state" : ", was " + replicas));
    }
    if (http || report != null || strategies != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--replicas plays Lifeline replicas in virtual time and prints a table or --json: not"
              + " with --http, --report or --strategies");
    }
    ReplicaSimulation.run(
        loaded, count, seed, replicas, sharedState, json, spec.commandLine().getOut());
    return 0;
  }
}
