package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code lifeline simulate --replicas N --shared-state} as a user runs it. */
class SimulateReplicasTest {

  @Test
  void sharedStatePrintsBothFleetsSideBySide() {
    CliRun run =
        CliRun.of(
            "simulate",
            "--scenario",
            "provider-outage",
            "--requests",
            "1000",
            "--replicas",
            "4",
            "--shared-state");
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
}
