package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeline simulate} as a user runs it. */
class SimulateCommandTest {

  private static final List<String> STRATEGIES =
      List.of(
          "naive-retry",
          "naive-failover",
          "resilience4j",
          "lifeline-no-learning",
          "lifeline",
          "lifeline-balanced",
          "hedging",
          "oracle");

  @TempDir Path dir;

  @Test
  void jsonHasEveryStrategyAndMetric() throws IOException {
    CliRun run =
        CliRun.of("simulate", "--scenario", "provider-outage", "--requests", "2000", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("scenario").asText()).isEqualTo("provider-outage");
    assertThat(json.get("requests").asInt()).isEqualTo(2000);
    assertThat(json.get("strategies").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(STRATEGIES);
    for (String name : STRATEGIES) {
      JsonNode strategy = json.get("strategies").get(name);
      for (String metric :
          List.of(
              "successRate",
              "p50Ms",
              "p95Ms",
              "p99Ms",
              "attemptsPerRequest",
              "extraLoad",
              "wastedCalls",
              "cost",
              "recoverySeconds")) {
        assertThat(strategy.has(metric)).as(name + "." + metric).isTrue();
      }
    }
  }

  @Test
  void tablePrintsByDefaultAndTheReportIsWritten() throws IOException {
    Path report = dir.resolve("report.html");
    CliRun run =
        CliRun.of(
            "simulate",
            "--scenario",
            "all-down",
            "--requests",
            "300",
            "--report",
            report.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Scenario all-down", "naive-failover", "lifeline", "oracle", "success", "p95");
    assertThat(Files.readString(report)).contains("<svg", "all-down");
  }

  @Test
  void aBadScenarioFileIsExitCodeTwoNamingTheField() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "name: bad\nduration: 1h\ndeployments: [{ provider: a, model: m, p50: fast, p99: 2s }]\n");
    CliRun run = CliRun.of("simulate", "--scenario", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("deployments[0].p50", "'fast'");
  }

  @Test
  void anUnknownScenarioListsTheShippedOnes() {
    CliRun run = CliRun.of("simulate", "--scenario", "meteor-strike");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("provider-outage", "mixed-day");
  }
}
