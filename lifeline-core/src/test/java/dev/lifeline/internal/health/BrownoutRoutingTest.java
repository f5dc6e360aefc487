package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.health.BrownoutSettings;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.internal.routing.Plan;
import dev.lifeline.internal.routing.Router;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Deployment;
import dev.lifeline.routing.RoutingMode;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Brownout routing on virtual time: a deployment made 8x slower is demoted (moved after the others,
 * never banned), probed once per probe interval, and restored once its answers are fast again.
 */
class BrownoutRoutingTest {

  private static final Deployment GPT = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  private static final Deployment MINI =
      new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6);
  private static final List<Deployment> PLAN = List.of(GPT, MINI);
  private static final ChatRequest REQUEST = ChatRequest.of("hello");

  private final VirtualClock clock = new VirtualClock();
  private final HealthTracker tracker =
      HealthTracker.create(HealthSettings.defaults(), clock, EngineListener.NONE);
  private final Router router = Router.of(tracker);

  /** One answer a second from {@code deployment}, {@code millis} each, for {@code seconds}. */
  private void answers(Deployment deployment, long millis, int seconds) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
      // A spread like a real service's, so that a P95 is not one repeated value.
      tracker.recordSuccess(deployment, Duration.ofMillis(millis + (i % 10) * millis / 10));
    }
  }

  @Test
  void aDeploymentMadeEightTimesSlowerIsDemotedThenProbedThenRestored() {
    answers(GPT, 1_000, 600); // ten minutes of a normal baseline
    assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments()).startsWith(GPT);

    answers(GPT, 8_000, 12); // the brownout: eight times slower
    assertThat(tracker.isBrownedOut(GPT)).isTrue();
    assertThat(tracker.allClear()).isFalse();
    Plan demoted = router.plan(REQUEST, PLAN, RoutingMode.PRIORITY);
    assertThat(demoted.deployments()).containsExactly(MINI, GPT);
    assertThat(demoted.notes())
        .singleElement()
        .asString()
        .contains("gpt-4o", "brownout", "its baseline");
    assertThat(tracker.unavailableReason(GPT)).as("demoted, not banned").isEmpty();

    // One plan per probe interval, and at most one in twenty, tries it first; the others do not.
    for (int call = 2; call < BrownoutMonitor.CALLS_PER_PROBE; call++) {
      assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments()).startsWith(MINI);
    }
    assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments())
        .as("twenty calls, but before the probe interval")
        .startsWith(MINI);
    clock.advance(Duration.ofSeconds(30));
    assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments()).startsWith(GPT);
    assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments()).startsWith(MINI);

    // Slow probes keep it demoted.
    answers(GPT, 8_000, 10);
    assertThat(tracker.isBrownedOut(GPT)).isTrue();

    // It recovers: eight fast probes in a row bring it back.
    answers(GPT, 1_000, BrownoutMonitor.ANSWERS_TO_RESTORE);
    assertThat(tracker.isBrownedOut(GPT)).isFalse();
    assertThat(tracker.allClear()).isTrue();
    assertThat(router.plan(REQUEST, PLAN, RoutingMode.PRIORITY).deployments())
        .containsExactly(GPT, MINI);

    // And the minute before the demotion does not demote it again.
    answers(GPT, 1_000, 30);
    assertThat(tracker.isBrownedOut(GPT)).isFalse();
  }

  @Test
  void anOrdinaryBadMinuteDoesNotDemote() {
    answers(GPT, 1_000, 600);
    answers(GPT, 2_500, 60); // two and a half times slower for a minute: under the factor of 3
    assertThat(tracker.isBrownedOut(GPT)).isFalse();
  }

  @Test
  void aDeploymentFarSlowerThanItsPeersIsDemotedWithoutABaseline() {
    Deployment claude = new Deployment("anthropic", "claude", 200_000, 3, 15);
    HealthTracker fresh =
        HealthTracker.create(
            HealthSettings.defaults()
                .withBrownout(
                    BrownoutSettings.defaults()
                        .withWindows(Duration.ofMinutes(1), Duration.ofMinutes(2))),
            clock,
            EngineListener.NONE);
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMillis(500));
      fresh.recordSuccess(MINI, Duration.ofMillis(800 + i * 10));
      fresh.recordSuccess(claude, Duration.ofMillis(1_000 + i * 10));
    }
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(1));
      fresh.recordSuccess(GPT, Duration.ofMillis(9_000 + i * 100));
    }
    assertThat(fresh.isBrownedOut(GPT)).isTrue();
    assertThat(fresh.brownoutReason(GPT)).get().asString().contains("peers' median");
    assertThat(fresh.isBrownedOut(MINI)).isFalse();
  }

  @Test
  void offItNeverReorders() {
    HealthTracker off =
        HealthTracker.create(
            HealthSettings.defaults().withBrownout(BrownoutSettings.disabled()),
            clock,
            EngineListener.NONE);
    for (int i = 0; i < 600; i++) {
      clock.advance(Duration.ofSeconds(1));
      off.recordSuccess(GPT, Duration.ofMillis(i < 580 ? 1_000 : 8_000));
    }
    assertThat(off.isBrownedOut(GPT)).isFalse();
    assertThat(off.allClear()).isTrue();
  }

  @Test
  void badSettingsNameTheArgumentAndItsRange() {
    assertThatThrownBy(() -> BrownoutSettings.defaults().withFactor(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor must be in [1.5, 100.0]");
    assertThatThrownBy(
            () ->
                BrownoutSettings.defaults()
                    .withWindows(Duration.ofMinutes(10), Duration.ofMinutes(15)))
        .hasMessageContaining("baselineWindow");
    assertThatThrownBy(() -> BrownoutSettings.defaults().withProbeInterval(Duration.ZERO))
        .hasMessageContaining("probeInterval");
  }
}
