package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario over real loopback HTTP, small and short. */
class HttpRunnerTest {

  @Test
  void providerOutagePlaysOverLoopbackThroughTheRealAdapters() {
    Comparison comparison =
        HttpRunner.run(
            Scenario.shipped("provider-outage"),
            40,
            5,
            Strategies.named(List.of("naive-retry", "naive-failover", "lifeline")),
            ProgressBar.NONE,
            Duration.ofSeconds(5),
            20); // 20x, not the CLI's 50x: loopback jitter on a loaded CI machine must stay small
    // in scenario time
    assertThat(comparison.runner()).isEqualTo("http");
    assertThat(comparison.scenario().duration()).isEqualTo(Duration.ofSeconds(100)); // 5 s at 20x
    // The window starts just before the outage: the primary alone fails, failover answers.
    assertThat(comparison.result("naive-retry").successRate()).isLessThan(0.5);
    assertThat(comparison.result("naive-failover").successRate()).isGreaterThan(0.9);
    assertThat(comparison.result("naive-failover").attemptsPerRequest()).isGreaterThan(1.3);
    assertThat(comparison.result("lifeline").successRate()).isGreaterThan(0.9);
  }

  @Test
  void theWindowKeepsTheFaultsInItsOwnTime() {
    Scenario window =
        HttpRunner.window(Scenario.shipped("provider-outage"), Duration.ofMinutes(10));
    assertThat(window.duration()).isEqualTo(Duration.ofMinutes(10));
    FaultProcess outage = window.faults().get(0);
    assertThat(outage.start()).isEqualTo(Duration.ofMinutes(1));
    assertThat(window.name()).isEqualTo("provider-outage");
  }
}
