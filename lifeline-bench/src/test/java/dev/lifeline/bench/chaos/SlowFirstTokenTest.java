package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code slow-first-token} scenario: every call streams and gpt-4o's first chunk has a heavy
 * tail. Hedging a stream on its time to the first delta cuts that tail, within its 5 % budget,
 * without showing any caller a duplicated or lost character.
 */
class SlowFirstTokenTest {

  private static Comparison run;

  @BeforeAll
  static void run() {
    run =
        VirtualTimeRunner.run(
            Scenario.shipped("slow-first-token"),
            10_000,
            42,
            Strategies.named(List.of("lifeline", "hedging", "oracle")),
            ProgressBar.NONE);
  }

  @Test
  void hedgingCutsTheFirstDeltasTailForAtMostFivePercentMoreCalls() {
    StrategyResult hedging = run.result("hedging");
    StrategyResult lifeline = run.result("lifeline");

    assertThat(hedging.firstDeltaP99Ms()).isLessThan(0.8 * lifeline.firstDeltaP99Ms());
    assertThat(hedging.p99Ms()).isLessThanOrEqualTo(1.5 * run.result("oracle").p99Ms());
    assertThat(hedging.extraLoad() - lifeline.extraLoad()).isPositive().isLessThanOrEqualTo(0.05);
    assertThat(hedging.successRate()).isEqualTo(1.0);
    assertThat(hedging.duplicatedChars()).isZero();
    assertThat(hedging.lostChars()).isZero();
  }

  @Test
  void theFirstChunkIsLateWithItsAnswerAtTheSameQuantile() {
    DeploymentSpec gpt4o = Scenario.shipped("slow-first-token").deployments().get(0);
    long p50 = gpt4o.latency().p50().toNanos();
    long p99 = gpt4o.latency().p99().toNanos();

    assertThat(gpt4o.firstChunkNanos(p50)).isEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(gpt4o.firstChunkNanos(p99)).isCloseTo(Duration.ofSeconds(10).toNanos(), within());
    // Never after the answer's end; without a ttftP99, ttft or the answer, whichever is sooner.
    assertThat(gpt4o.firstChunkNanos(1_000)).isLessThanOrEqualTo(1_000);
    DeploymentSpec mini = Scenario.shipped("slow-first-token").deployments().get(1);
    assertThat(mini.firstChunkNanos(p99)).isEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(mini.firstChunkNanos(100)).isEqualTo(100);
  }

  @Test
  void theTableAndJsonReportTheFirstDeltasP99() throws Exception {
    assertThat(ComparisonTable.render(run)).contains("1st delta p99");
    assertThat(
            new ObjectMapper()
                .readTree(run.toJson())
                .get("strategies")
                .get("hedging")
                .get("firstDeltaP99Ms")
                .asDouble())
        .isEqualTo(
            run.result("hedging").firstDeltaP99Ms(), org.assertj.core.data.Offset.offset(0.1));
  }

  private static org.assertj.core.data.Offset<Long> within() {
    return org.assertj.core.data.Offset.offset(Duration.ofMillis(10).toNanos());
  }
}
