package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.Deployment;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.DeploymentGroup;
import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.routing.LimitPolicy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How a group's members are ordered in a call's plan. */
class BalancerTest {

  private static final Deployment EAST = Deployment.of("east", "gpt-4o");
  private static final Deployment WEST = Deployment.of("west", "gpt-4o");
  private static final Deployment MINI = Deployment.of("openai", "gpt-4o-mini");
  private static final List<Deployment> LADDER = List.of(EAST, MINI, WEST);

  private final VirtualClock clock = new VirtualClock();

  private Balancer balancer(
      Balancing balancing, int eastWeight, Map<String, DeploymentLimits> limits) {
    DeploymentGroup group =
        DeploymentGroup.of("gpt-4o", balancing).member(EAST.id(), eastWeight).member(WEST.id(), 1);
    DeploymentGate gate =
        new DeploymentGate(limits, group.members(), LimitCounters.inMemory(clock));
    return new Balancer(
        List.of(group),
        gate,
        LimitPolicy.WAIT,
        new SessionAffinity(clock, 100, Duration.ofHours(1)),
        new SplittableRandom(7));
  }

  @Test
  void aGroupIsGatheredWhereItsFirstMemberStands() {
    Balancer balancer = balancer(Balancing.WEIGHTED, 1, Map.of());

    List<Deployment> order = balancer.arrange(LADDER, Map.of(), null).order();

    assertThat(order).hasSize(3).endsWith(MINI).contains(EAST, WEST);
    assertThat(balancer.hasSiblingAfter(order, 0)).isTrue();
    assertThat(balancer.hasSiblingAfter(order, 1)).isFalse();
  }

  @Test
  void weightsShareTheFirstPlaceInProportion() {
    Balancer balancer = balancer(Balancing.WEIGHTED, 3, Map.of());
    int east = 0;
    for (int i = 0; i < 4_000; i++) {
      if (balancer.arrange(LADDER, Map.of(), null).order().get(0).equals(EAST)) {
        east++;
      }
    }
    assertThat(east / 4_000.0).isBetween(0.72, 0.78);
  }

  @Test
  void leastInFlightPutsTheBusierMemberSecond() {
    Balancer balancer = balancer(Balancing.LEAST_IN_FLIGHT, 1, Map.of());
    balancer.gate().admit(EAST, 10);
    balancer.gate().admit(EAST, 10);

    for (int i = 0; i < 50; i++) {
      assertThat(balancer.arrange(LADDER, Map.of(), null).order())
          .containsExactly(WEST, EAST, MINI);
    }
  }

  @Test
  void headroomPutsTheMemberWithLessRoomLastAndOneAtItsLimitAfterTheOthers() {
    Balancer balancer =
        balancer(
            Balancing.HEADROOM,
            1,
            Map.of(
                EAST.id(), new DeploymentLimits(10, 0, 0),
                WEST.id(), new DeploymentLimits(10, 0, 0)));
    for (int i = 0; i < 4; i++) {
      finish(balancer, WEST);
    }
    assertThat(balancer.arrange(LADDER, Map.of(), null).order()).startsWith(EAST, WEST);

    for (int i = 0; i < 10; i++) {
      finish(balancer, EAST);
    }
    assertThat(balancer.gate().room(EAST)).isZero();
    assertThat(balancer.arrange(LADDER, Map.of(), null).order()).startsWith(WEST, EAST);
  }

  private static void finish(Balancer balancer, Deployment deployment) {
    DeploymentGate.Admission admission = balancer.gate().admit(deployment, 10);
    assertThat(admission.admitted()).isTrue();
    balancer.gate().finished(deployment, admission, null);
  }

  @Test
  void aSessionGoesBackToTheMemberThatServedItAndSaysWhyWhenItCannot() {
    Balancer balancer = balancer(Balancing.WEIGHTED, 1, Map.of());
    SessionAffinity sessions = new SessionAffinity(clock, 10, Duration.ofHours(1));
    Balancer bound =
        new Balancer(
            List.of(
                DeploymentGroup.of("g", Balancing.WEIGHTED)
                    .member(WEST.id(), 1)
                    .member(EAST.id(), 1)),
            balancer.gate(),
            LimitPolicy.WAIT,
            sessions,
            new SplittableRandom(1));
    sessions.served("conversation-1", WEST.id());

    for (int i = 0; i < 50; i++) {
      Balancer.Arranged arranged = bound.arrange(LADDER, Map.of(), "conversation-1");
      assertThat(arranged.order().get(0)).isEqualTo(WEST);
      assertThat(arranged.notes()).isEmpty();
    }

    // The router put west last as out: it keeps its place and the trace says why.
    Balancer.Arranged moved =
        bound.arrange(
            List.of(EAST, MINI, WEST), Map.of(WEST.id(), "circuit open"), "conversation-1");
    assertThat(moved.order()).containsExactly(EAST, MINI, WEST);
    assertThat(moved.notes())
        .containsExactly(
            "session affinity broken: west/gpt-4o is out: circuit open; moved within group 'g'");
  }

  @Test
  void aDeploymentInTwoGroupsIsRefused() {
    DeploymentGroup one = DeploymentGroup.of("one", Balancing.WEIGHTED).member(EAST.id(), 1);
    DeploymentGroup two = DeploymentGroup.of("two", Balancing.WEIGHTED).member(EAST.id(), 1);
    DeploymentGate gate = new DeploymentGate(Map.of(), List.of(), LimitCounters.inMemory(clock));

    assertThatThrownBy(
            () ->
                new Balancer(
                    List.of(one, two),
                    gate,
                    LimitPolicy.WAIT,
                    new SessionAffinity(clock, 1, Duration.ofMinutes(1)),
                    new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("east/gpt-4o is a member of groups 'one' and 'two'");
  }

  @Test
  void badGroupsAndLimitsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> DeploymentGroup.of("g", Balancing.WEIGHTED).member("east", 1))
        .hasMessageContaining("deploymentId must be provider/model");
    assertThatThrownBy(() -> DeploymentGroup.of("g", Balancing.WEIGHTED).member(EAST.id(), 0))
        .hasMessageContaining("weight must be in [1, 1000]");
    assertThatThrownBy(() -> new DeploymentLimits(-1, 0, 0))
        .hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(() -> new SessionAffinity(clock, 0, Duration.ofMinutes(1)))
        .hasMessageContaining("maxSessions");
  }
}
