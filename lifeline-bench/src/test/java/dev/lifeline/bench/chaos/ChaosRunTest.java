package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The virtual-time runner on the shipped scenarios, at sizes that keep the whole class to seconds.
 */
class ChaosRunTest {

  private static Comparison outage;

  @BeforeAll
  static void runProviderOutage() {
    outage =
        VirtualTimeRunner.run(
            Scenario.shipped("provider-outage"), 2_000, 7, Strategies.all(), ProgressBar.NONE);
  }

  @Test
  void everyShippedScenarioRunsEveryStrategy() {
    for (String name : Scenario.SHIPPED) {
      Comparison comparison =
          VirtualTimeRunner.run(Scenario.shipped(name), 200, 1, Strategies.all(), ProgressBar.NONE);
      assertThat(comparison.results())
          .extracting(StrategyResult::name)
          .containsExactlyElementsOf(Strategies.names());
      for (StrategyResult result : comparison.results()) {
        assertThat(result.successRate()).as(name + " " + result.name()).isBetween(0.0, 1.0);
        assertThat(result.attemptsPerRequest()).as(name + " " + result.name()).isGreaterThan(0);
      }
      StrategyResult oracle = comparison.result("oracle");
      assertThat(oracle.attemptsPerRequest()).as(name).isLessThanOrEqualTo(1.0);
      assertThat(oracle.wastedCalls()).as(name).isZero();
      // The oracle answers at the instant of arrival and never waits: a strategy that retries past
      // the
      // end of an outage can answer a few requests more, hence the slack.
      comparison
          .results()
          .forEach(
              r ->
                  assertThat(r.successRate())
                      .as(name + " " + r.name())
                      .isLessThanOrEqualTo(oracle.successRate() + 0.02));
    }
  }

  @Test
  void whenEveryProviderIsDownTheBudgetKeepsLifelineUnderOnePointTwoAttemptsPerRequest() {
    Comparison allDown =
        VirtualTimeRunner.run(
            Scenario.shipped("all-down"), 2_000, 42, Strategies.all(), ProgressBar.NONE);

    assertThat(allDown.result("lifeline").attemptsPerRequest()).isLessThanOrEqualTo(1.2);
    assertThat(allDown.result("lifeline-no-learning").attemptsPerRequest())
        .isLessThanOrEqualTo(1.2);
  }

  @Test
  void onProviderOutageLifelineBeatsNaiveFailoverOnTailLatencyAndWaste() {
    StrategyResult lifeline = outage.result("lifeline");
    StrategyResult failover = outage.result("naive-failover");
    assertThat(lifeline.p95Ms()).isLessThan(failover.p95Ms());
    assertThat(lifeline.wastedCalls()).isLessThan(failover.wastedCalls());
  }

  @Test
  void onProviderOutageLifelineStaysCloseToTheOracle() {
    assertThat(outage.result("lifeline").successRate())
        .isGreaterThan(outage.result("oracle").successRate() - 0.01);
  }

  @Test
  void naiveRetryFailsDuringTheOutageAndNotOutsideIt() {
    List<Double> overTime = outage.result("naive-retry").successOverTime();
    int buckets = overTime.size();
    // 6 hours in 48 slices: the outage is 1h to 4h, slices 8 to 31.
    double during =
        overTime.subList(buckets * 10 / 48, buckets * 30 / 48).stream()
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    double before =
        overTime.subList(0, buckets * 7 / 48).stream()
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    assertThat(during).isLessThan(0.05);
    assertThat(before).isGreaterThan(0.95);
  }

  @Test
  void resilience4jsBreakerReopensTheProviderInVirtualTime() {
    // Its breaker stays open 60 s on the fleet's clock, then lets calls through again.
    assertThat(outage.result("resilience4j").recoverySeconds()).isNotNull().isLessThan(600.0);
    assertThat(outage.result("lifeline").recoverySeconds()).isNotNull().isLessThan(600.0);
  }

  @Test
  void inABrownoutLifelinesP95StaysWithinOneAndAHalfTimesTheLatencyAwareOracle() {
    Comparison brownout =
        VirtualTimeRunner.run(
            Scenario.shipped("brownout"),
            10_000,
            42,
            Strategies.named(List.of("lifeline", "oracle")),
            ProgressBar.NONE);
    StrategyResult oracle = brownout.result("oracle");

    // The oracle routes around the slowed gpt-4o from its first second; Lifeline once it sees it.
    assertThat(brownout.result("lifeline").p95Ms()).isLessThanOrEqualTo(1.5 * oracle.p95Ms());
    assertThat(oracle.p95Ms()).isLessThan(5_000.0);
  }

  @Test
  void onASlowTailHedgingKeepsP99WithinOneAndAHalfTimesTheOracleForAtMostFivePercentMoreCalls() {
    Comparison slowTail =
        VirtualTimeRunner.run(
            Scenario.shipped("slow-tail"),
            10_000,
            42,
            Strategies.named(List.of("lifeline", "hedging", "oracle")),
            ProgressBar.NONE);
    StrategyResult hedging = slowTail.result("hedging");
    StrategyResult lifeline = slowTail.result("lifeline");

    assertThat(hedging.p99Ms()).isLessThanOrEqualTo(1.5 * slowTail.result("oracle").p99Ms());
    // The hedges are the calls beyond plain Lifeline's on the same stream (its own few retries of
    // the draws past the adaptive attempt timeout, about 0.1 %, are made by both).
    assertThat(hedging.extraLoad() - lifeline.extraLoad()).isPositive().isLessThanOrEqualTo(0.05);
    // The oracle knows no call's latency draw, so it waits out gpt-4o's tail as plain Lifeline
    // does: the hedge is what cuts it.
    assertThat(hedging.p99Ms()).isLessThan(0.8 * lifeline.p99Ms());
    assertThat(hedging.successRate()).isEqualTo(1.0);
  }

  @Test
  void theSameSeedGivesTheSameJson() {
    Scenario scenario = Scenario.shipped("mixed-day");
    String first =
        VirtualTimeRunner.run(scenario, 500, 99, Strategies.all(), ProgressBar.NONE).toJson();
    String second =
        VirtualTimeRunner.run(scenario, 500, 99, Strategies.all(), ProgressBar.NONE).toJson();
    assertThat(second).isEqualTo(first);
    assertThat(
            VirtualTimeRunner.run(scenario, 500, 100, Strategies.all(), ProgressBar.NONE).toJson())
        .isNotEqualTo(first);
  }

  @Test
  void onARecurringFailureLearningCutsTheWasteAndTheTail() {
    Comparison recurring =
        VirtualTimeRunner.run(
            Scenario.shipped("recurring-failure"),
            3_000,
            7,
            Strategies.named(List.of("lifeline-no-learning", "lifeline", "oracle")),
            ProgressBar.NONE);
    StrategyResult learning = recurring.result("lifeline");
    StrategyResult without = recurring.result("lifeline-no-learning");

    assertThat(learning.successRate()).isGreaterThanOrEqualTo(without.successRate());
    assertThat(learning.wastedCalls()).isLessThanOrEqualTo(without.wastedCalls() / 5);
    assertThat(learning.p95Ms()).isLessThan(without.p95Ms());
  }

  @Test
  void theJsonHasEveryStrategyAndMetric() throws Exception {
    JsonNode json = new ObjectMapper().readTree(outage.toJson());
    assertThat(json.get("scenario").asText()).isEqualTo("provider-outage");
    assertThat(json.get("requests").asInt()).isEqualTo(2_000);
    for (String name :
        List.of("naive-retry", "naive-failover", "resilience4j", "lifeline", "oracle")) {
      JsonNode strategy = json.get("strategies").get(name);
      assertThat(strategy).as(name).isNotNull();
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
  void silentFailuresAreCaughtByLifelineAndPassedOnByTheNaiveLoops() {
    Comparison silent =
        VirtualTimeRunner.run(
            Scenario.shipped("silent-failures"), 500, 3, Strategies.all(), ProgressBar.NONE);
    assertThat(silent.result("lifeline").successRate()).isGreaterThan(0.99);
    assertThat(silent.result("naive-failover").successRate()).isLessThan(0.95);
    assertThat(silent.result("lifeline").recoverySeconds()).isNull();
  }

  @Test
  void theReportIsSelfContainedHtmlWithCharts() {
    String html = HtmlReport.render(outage);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg")
        .contains("<polyline")
        .doesNotContain("<script")
        .doesNotContain("src=");
    assertThat(ComparisonTable.render(outage)).contains("naive-retry", "lifeline", "oracle", "p95");
  }
}
