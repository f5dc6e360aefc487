package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lifeline simulate --replicas N --shared-state} as a user runs it. */
class SimulateReplicasTest {

  @Test
  void sharedStatePrintsBothFleetsSideBySide() {
    CliRun run = fourReplicas();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "over 4 replicas",
            "lifeline x4, each alone",
            "lifeline x4, shared state",
            "success",
            "p95",
            "wasted calls",
            "dead calls");
  }

  @Test
  void jsonGivesBothFleetsAsFigures() throws Exception {
    CliRun run = fourReplicas("--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("runner").asText()).isEqualTo("virtual-time-replicas");
    JsonNode alone = root.get("fleets").get("lifeline x4, each alone");
    JsonNode shared = root.get("fleets").get("lifeline x4, shared state");
    assertThat(alone.get("replicas").asInt()).isEqualTo(4);
    assertThat(alone.get("sharedState").asBoolean()).isFalse();
    assertThat(shared.get("sharedState").asBoolean()).isTrue();
    // What sharing is for: the fleet learns an outage once, not once per replica.
    assertThat(shared.get("deadCalls").asLong()).isLessThan(alone.get("deadCalls").asLong());
  }

  @Test
  void replicasWithHttpIsExitCodeTwo() {
    CliRun run =
        CliRun.of("simulate", "--scenario", "provider-outage", "--replicas", "2", "--http");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("not with --http, --report or --strategies");
  }

  @Test
  void sharedStateWithoutReplicasIsExitCodeTwo() {
    CliRun run = CliRun.of("simulate", "--scenario", "provider-outage", "--shared-state");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--replicas must be between 1 and 64 with --shared-state");
  }

  @Test
  void replicasOutOfRangeIsExitCodeTwoNamingTheRange() {
    CliRun run = CliRun.of("simulate", "--scenario", "provider-outage", "--replicas", "65");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--replicas must be between 1 and 64, was 65");
  }

  /** 1,000 provider-outage requests over four replicas, alone and sharing state. */
  private static CliRun fourReplicas(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--scenario",
                "provider-outage",
                "--requests",
                "1000",
                "--replicas",
                "4",
                "--shared-state"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }
}
