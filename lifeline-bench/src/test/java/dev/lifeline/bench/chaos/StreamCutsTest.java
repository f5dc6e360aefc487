package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code stream-cuts} scenario: every strategy streams, and a break after text reached the
 * caller costs the loops that start again from scratch a duplicated span, while Lifeline's
 * continuation shows one answer.
 */
class StreamCutsTest {

  private static Comparison cuts;

  @BeforeAll
  static void run() {
    cuts =
        VirtualTimeRunner.run(
            Scenario.shipped("stream-cuts"), 3_000, 42, Strategies.all(), ProgressBar.NONE);
  }

  @Test
  void lifelineSucceedsWithinATenthOfAPointOfTheOracleWithNoDuplicatedCharacter() {
    StrategyResult lifeline = cuts.result("lifeline");
    assertThat(lifeline.successRate())
        .isGreaterThanOrEqualTo(cuts.result("oracle").successRate() - 0.001);
    assertThat(lifeline.duplicatedChars()).isZero();
    assertThat(lifeline.lostChars()).isZero();
    // The breaks did happen to Lifeline: the broken attempts are its wasted calls.
    assertThat(lifeline.wastedCalls()).isGreaterThan(100);
  }

  @Test
  void theOracleNeverMeetsABreak() {
    StrategyResult oracle = cuts.result("oracle");
    assertThat(oracle.successRate()).isEqualTo(1.0);
    assertThat(oracle.duplicatedChars()).isZero();
    assertThat(oracle.wastedCalls()).isZero();
  }

  @Test
  void loopsThatStartAgainShowTheirCallersDuplicatedText() {
    for (String name : List.of("naive-retry", "naive-failover", "resilience4j")) {
      StrategyResult naive = cuts.result(name);
      assertThat(naive.duplicatedChars()).as(name).isGreaterThan(10_000);
      assertThat(naive.successRate()).as(name).isLessThan(cuts.result("lifeline").successRate());
    }
    // Three tries on one deployment sometimes all break: the caller keeps a partial answer.
    assertThat(cuts.result("naive-retry").lostChars()).isPositive();
  }

  @Test
  void theTableAndJsonReportDuplicatedAndLostCharacters() throws Exception {
    assertThat(ComparisonTable.render(cuts)).contains("dup chars", "lost chars");
    assertThat(HtmlReport.render(cuts)).contains("<th>duplicated chars</th>");
    JsonNode json = new ObjectMapper().readTree(cuts.toJson());
    JsonNode naive = json.get("strategies").get("naive-retry");
    assertThat(naive.get("duplicatedChars").asLong())
        .isEqualTo(cuts.result("naive-retry").duplicatedChars());
    assertThat(naive.has("lostChars")).isTrue();
  }

  @Test
  void scenariosThatDoNotStreamKeepTheirTable() {
    Comparison plain =
        VirtualTimeRunner.run(
            Scenario.shipped("brownout"), 100, 1, Strategies.all(), ProgressBar.NONE);
    assertThat(ComparisonTable.render(plain)).doesNotContain("dup chars");
    assertThat(plain.toJson()).doesNotContain("duplicatedChars");
  }
}
