package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Four Lifeline replicas on one fleet: learning alone, each pays for a dead provider itself;
 * sharing one state store, what one learns the others know a second later.
 */
class ReplicaRunnerTest {

  @Test
  void sharedStateWastesClearlyFewerCallsOnADeadProvider() {
    Scenario outage = Scenario.shipped("provider-outage");
    ReplicaResult alone =
        ReplicaRunner.run(outage, 4_000, 7, 4, false, ReplicaRunner.DEFAULT_STALENESS);
    ReplicaResult shared =
        ReplicaRunner.run(outage, 4_000, 7, 4, true, ReplicaRunner.DEFAULT_STALENESS);

    assertThat(alone.deadProviderCalls()).isPositive();
    assertThat(shared.deadProviderCalls()).isLessThan(alone.deadProviderCalls() / 2);
    assertThat(shared.result().wastedCalls()).isLessThan(alone.result().wastedCalls());
    assertThat(shared.result().successRate())
        .isGreaterThanOrEqualTo(alone.result().successRate() - 0.002);
  }

  @Test
  void oneReplicaIsTheSameWithOrWithoutASharedStore() {
    Scenario outage = Scenario.shipped("provider-outage");
    ReplicaResult alone =
        ReplicaRunner.run(outage, 1_000, 3, 1, false, ReplicaRunner.DEFAULT_STALENESS);
    ReplicaResult shared =
        ReplicaRunner.run(outage, 1_000, 3, 1, true, ReplicaRunner.DEFAULT_STALENESS);

    assertThat(shared.deadProviderCalls()).isEqualTo(alone.deadProviderCalls());
    assertThat(shared.result().successRate()).isEqualTo(alone.result().successRate());
  }

  @Test
  void aReplicaCountOutOfRangeIsRefusedNamingTheRange() {
    Scenario outage = Scenario.shipped("provider-outage");
    assertThatThrownBy(() -> ReplicaRunner.run(outage, 10, 1, 0, true, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replicas must be between 1 and 64, was 0");
  }
}
