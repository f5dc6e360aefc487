package dev.lifeline.cli;

import dev.lifeline.bench.chaos.Comparison;
import dev.lifeline.bench.chaos.ComparisonTable;
import dev.lifeline.bench.chaos.HtmlReport;
import dev.lifeline.bench.chaos.HttpRunner;
import dev.lifeline.bench.chaos.ProgressBar;
import dev.lifeline.bench.chaos.Scenario;
import dev.lifeline.bench.chaos.ScenarioException;
import dev.lifeline.bench.chaos.Strategies;
import dev.lifeline.bench.chaos.Strategy;
import dev.lifeline.bench.chaos.VirtualTimeRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "Plays a chaos scenario (a shipped name or a YAML/JSON file) against naive-retry, naive-failover,",
      "resilience4j, lifeline and an oracle, on the same seeded requests and faults, and compares them.",
      "Shipped: rate-limit-storm, provider-outage, brownout, silent-failures, context-overflow, flapping,",
      "all-down, mixed-day. Virtual time by default (hours in seconds); --http plays it over loopback HTTP.",
      "Exit code 0 when it ran, 2 for unusable input."
    })
final class SimulateCommand implements Callable<Integer> {

  /** Default request count: a scenario in a few seconds, enough for stable percentiles. */
  static final int DEFAULT_REQUESTS = 10_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      paramLabel = "NAME|FILE",
      description = "A shipped scenario's name, or a .yaml/.json file.")
  String scenario;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Requests per strategy (default ${DEFAULT-VALUE}; with --http at most "
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
      description = "Also write a self-contained HTML report (latency CDFs, success over time).")
  Path report;

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME",
      description = "Only these strategies, in this order (default: all).")
  List<String> strategies;

  @Option(
      names = "--http",
      description =
          "Play the scenario over real HTTP against fake servers on loopback, time-compressed.")
  boolean http;

  @Override
  public Integer call() throws IOException {
    Scenario loaded;
    List<Strategy> chosen;
    try {
      loaded = Scenario.load(scenario);
      chosen = strategies == null ? Strategies.all() : Strategies.named(strategies);
    } catch (ScenarioException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, scenario);
    }
    int count = requests != null ? requests : http ? HttpRunner.DEFAULT_REQUESTS : DEFAULT_REQUESTS;
    if (count < 1 || count > (http ? HttpRunner.MAX_REQUESTS : 10_000_000)) {
      throw new ParameterException(
          spec.commandLine(),
          "--requests must be between 1 and "
              + (http ? HttpRunner.MAX_REQUESTS : 10_000_000)
              + ", was "
              + count);
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
      HtmlReport.write(comparison, report);
      if (!json) {
        out.println("report: " + report.toAbsolutePath());
      }
    }
    out.flush();
    return 0;
  }
}
