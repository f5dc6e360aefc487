package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The {@code session-cache} scenario in virtual time: conversations of ten turns over three keys of
 * one model with prompt caching. Balanced with session affinity, a conversation stays on its key
 * and reads its history from the cache nearly as often as the oracle lets it; balanced without,
 * each turn lands anywhere and most of the discount is lost.
 */
class SessionCacheTest {

  @Test
  void affinityKeepsTheCacheWarmNearTheOracleAndCostsLessThanBalancingEachTurn() {
    Comparison run =
        VirtualTimeRunner.run(
            Scenario.shipped("session-cache"),
            5_000,
            7,
            Strategies.forScenario(Scenario.shipped("session-cache")),
            ProgressBar.NONE);
    StrategyResult affinity = run.result("lifeline-balanced");
    StrategyResult scattered = run.result("lifeline-no-affinity");
    StrategyResult oracle = run.result("oracle");

    assertThat(affinity.cacheHitRate()).isGreaterThanOrEqualTo(0.9 * oracle.cacheHitRate());
    assertThat(scattered.cacheHitRate()).isLessThan(0.6);
    assertThat(affinity.cost()).isLessThan(scattered.cost());
    assertThat(affinity.successRate()).isGreaterThanOrEqualTo(scattered.successRate() - 0.001);
  }
}
