package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Deployment;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's slots of calls in flight with a shared store: a slot the store granted is counted here
 * and given back once; one refused by the per-minute limits after it is given back at once; a store
 * that throws is a store that cannot tell.
 */
class ConcurrencySlotsTest {
  private static final Deployment ALPHA = Deployment.of("alpha", "a-model");

  private final VirtualClock clock = new VirtualClock();

  private static final class FakeShared implements SharedLimits {
    long enterAnswer;
    long takeAnswer;
    boolean throwing;
    final List<String> exits = new ArrayList<>();

    @Override
    public long tryEnter(String deployment, String lease, int maxConcurrent) {
      if (throwing) {
        throw new IllegalStateException("store bug");
      }
      return enterAnswer;
    }

    @Override
    public void exit(String deployment, String lease) {
      exits.add(deployment + " " + lease);
    }

    @Override
    public long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long t) {
      return takeAnswer;
    }

    @Override
    public void correct(String deployment, long tokens) {}
  }

  private DeploymentGate gate(FakeShared shared, DeploymentLimits limits) {
    return new DeploymentGate(
        Map.of(ALPHA.id(), limits), List.of(), LimitCounters.fleet(shared, clock), shared, clock);
  }

  @Test
  void aGrantedSlotIsCountedHereAndGivenBackWhenTheAttemptEnds() {
    FakeShared shared = new FakeShared();
    DeploymentGate gate = gate(shared, new DeploymentLimits(0, 0, 1));

    DeploymentGate.Admission first = gate.admit(ALPHA, 10);
    DeploymentGate.Admission second = gate.admit(ALPHA, 10);

    assertThat(first.admitted()).isTrue();
    assertThat(second.admitted()).as("the store had room: over this engine's 1").isTrue();
    assertThat(first.lease()).isNotNull().isNotEqualTo(second.lease());
    assertThat(gate.inFlight(ALPHA)).isEqualTo(2);
    gate.finished(ALPHA, first, null);
    assertThat(shared.exits).containsExactly("alpha/a-model " + first.lease());
    assertThat(gate.inFlight(ALPHA)).isEqualTo(1);
  }

  @Test
  void aSlotTakenForAnAttemptThePerMinuteLimitsRefuseIsGivenBackAtOnce() {
    FakeShared shared = new FakeShared();
    shared.takeAnswer = 7_000_000_000L;
    DeploymentGate gate = gate(shared, new DeploymentLimits(10, 0, 1));

    DeploymentGate.Admission refused = gate.admit(ALPHA, 10);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.waitNanos()).isEqualTo(7_000_000_000L);
    assertThat(shared.exits).hasSize(1);
    assertThat(gate.inFlight(ALPHA)).isZero();
  }

  @Test
  void aFullFleetRefusesWithTheStoresWaitAndCountsNothing() {
    FakeShared shared = new FakeShared();
    shared.enterAnswer = 50_000_000L;
    DeploymentGate gate = gate(shared, new DeploymentLimits(0, 0, 3));

    DeploymentGate.Admission refused = gate.admit(ALPHA, 10);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.reason()).isEqualTo("client-side limit: 3 calls in flight");
    assertThat(gate.inFlight(ALPHA)).isZero();
    assertThat(shared.exits).isEmpty();
  }

  @Test
  void aStoreThatThrowsLeavesTheEngineToItsOwnCount() {
    FakeShared shared = new FakeShared();
    shared.throwing = true;
    DeploymentGate gate = gate(shared, new DeploymentLimits(0, 0, 1));

    DeploymentGate.Admission first = gate.admit(ALPHA, 10);
    DeploymentGate.Admission second = gate.admit(ALPHA, 10);

    assertThat(first.admitted()).isTrue();
    assertThat(first.lease()).isNull();
    assertThat(second.admitted()).isFalse();
    gate.finished(ALPHA, first, null);
    assertThat(shared.exits).isEmpty();
  }
}
