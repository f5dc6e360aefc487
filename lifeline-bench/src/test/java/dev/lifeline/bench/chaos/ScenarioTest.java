package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

  @TempDir Path dir;

  @Test
  void everyShippedScenarioLoadsByName() {
    for (String name : Scenario.SHIPPED) {
      Scenario scenario = Scenario.load(name);
      assertThat(scenario.name()).isEqualTo(name);
      assertThat(scenario.deployments()).isNotEmpty();
      assertThat(scenario.duration()).isPositive();
    }
  }

  /** bench/simulate.sh runs every shipped scenario: a new one is not forgotten there again. */
  @Test
  void theScriptThatRunsEveryScenarioNamesEachShippedOne() throws IOException {
    String script = Files.readString(Path.of("..", "bench", "simulate.sh"));
    String list =
        script.substring(
            script.indexOf("scenarios=("), script.indexOf(")", script.indexOf("scenarios=(")));

    assertThat(list.substring("scenarios=(".length()).trim().split("\\s+"))
        .containsExactlyInAnyOrderElementsOf(Scenario.SHIPPED);
  }

  @Test
  void providerOutageTakesThePrimaryDownForThreeHours() {
    Scenario scenario = Scenario.shipped("provider-outage");
    FaultProcess.Outage outage = (FaultProcess.Outage) scenario.faults().get(0);
    assertThat(outage.target()).isEqualTo("openai");
    assertThat(
            Duration.between(
                java.time.Instant.EPOCH.plus(outage.start()),
                java.time.Instant.EPOCH.plus(outage.end())))
        .isEqualTo(Duration.ofHours(3));
    assertThat(scenario.lastOutageEnd()).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void aJsonFileLoadsToo() throws IOException {
    Path file = dir.resolve("tiny.json");
    Files.writeString(
        file,
        """
        {"name": "tiny", "duration": "10m",
         "deployments": [{"provider": "a", "model": "m", "p50": "1s", "p99": "3s"}],
         "faults": [{"type": "outage", "target": "a", "start": "1m", "end": "2m"}]}
        """);
    Scenario scenario = Scenario.load(file.toString());
    assertThat(scenario.faults()).singleElement().isInstanceOf(FaultProcess.Outage.class);
    assertThat(scenario.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aBadDurationIsATypedErrorNamingTheField() {
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 1s, p99: 3s }]
        faults:
          - { type: rate-limit-storm, target: a, retryAfter: soon }
        """))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("faults[0].retryAfter")
        .hasMessageContaining("'soon'")
        .extracting(e -> ((ScenarioException) e).field())
        .isEqualTo("faults[0].retryAfter");
  }

  @Test
  void anUnknownFieldIsAnErrorNotADefault() {
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 1s, p99: 3s, p95: 2s }]
        """))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("deployments[0].p95")
        .hasMessageContaining("unknown field");
  }

  @Test
  void outOfRangeAndMissingValuesNameTheirField() {
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 2s, p99: 1s }]
        """))
        .hasMessageContaining("deployments[0].p99")
        .hasMessageContaining("at least p50");
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        deployments: [{ provider: a, model: m, p50: 1s, p99: 2s }]
        """))
        .hasMessageContaining("duration: missing");
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 1s, p99: 2s }]
        faults: [{ type: silent-failures, target: a, rate: 1.5 }]
        """))
        .hasMessageContaining("faults[0].rate")
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 1s, p99: 2s }]
        faults: [{ type: outage, target: b }]
        """))
        .hasMessageContaining("faults[0].target")
        .hasMessageContaining("names no deployment");
    assertThatThrownBy(
            () ->
                load(
                    """
        name: bad
        duration: 1h
        deployments: [{ provider: a, model: m, p50: 1s, p99: 2s }]
        faults: [{ type: meteor, target: a }]
        """))
        .hasMessageContaining("faults[0].type");
  }

  @Test
  void aFileThatIsNotYamlOrIsMissingIsATypedError() throws IOException {
    assertThatThrownBy(() -> load("name: [unclosed"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> Scenario.load("no-such-scenario"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("provider-outage");
  }

  @Test
  void durationsParseInEveryUnitAndCombination() {
    assertThat(ScenarioReader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ScenarioReader.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScenarioReader.parseDuration("2.5s")).isEqualTo(Duration.ofMillis(2500));
    assertThat(ScenarioReader.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThat(ScenarioReader.parseDuration("5 min")).isNull();
    assertThat(ScenarioReader.parseDuration("")).isNull();
  }

  private Scenario load(String yaml) throws IOException {
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, yaml);
    return Scenario.load(file.toString());
  }
}
