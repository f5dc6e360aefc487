package dev.lifeline.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.internal.health.HealthTracker;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Holds: what of a tracker's state a restarted engine takes back. */
class HoldTest {

  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Deployment MINI = Deployment.of("openai", "gpt-4o-mini");
  private static final Deployment CLAUDE = Deployment.of("anthropic", "claude-sonnet-4");
  private static final Duration LATENCY = Duration.ofMillis(300);

  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();

  @Test
  void cooldownsAndOpenCircuitsAreHolds() {
    HealthTracker tracker = HealthTracker.create(clock);
    tracker.recordFailure(
        GPT, Failure.builder(ErrorKind.QUOTA_EXHAUSTED).status(429).build(), LATENCY);
    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(
          CLAUDE, Failure.builder(ErrorKind.SERVER_ERROR).status(500).build(), LATENCY);
    }

    assertThat(tracker.holds())
        .containsExactly(
            new Hold("openai", true, start.plus(Duration.ofHours(1)), "QUOTA_EXHAUSTED 429"),
            new Hold(
                "anthropic/claude-sonnet-4",
                false,
                start.plusSeconds(30),
                "circuit open: 5 failures in a row, last SERVER_ERROR"));
    assertThat(tracker.holds().get(0).key()).isEqualTo("provider:openai");

    clock.advance(Duration.ofHours(2));
    assertThat(tracker.holds()).isEmpty();
  }

  @Test
  void aRestoredHoldKeepsItsTargetOutUntilItEndsThenProbesItBack() {
    HealthTracker restarted = HealthTracker.create(clock);
    restarted.restore(
        new Hold("openai", true, start.plus(Duration.ofMinutes(30)), "QUOTA_EXHAUSTED 429"));
    restarted.restore(
        new Hold("anthropic/claude-sonnet-4", false, start.minusSeconds(1), "long over"));

    assertThat(restarted.tryAcquire(GPT)).isFalse();
    assertThat(restarted.tryAcquire(MINI)).isFalse();
    assertThat(restarted.unavailableReason(MINI))
        .contains("provider openai cooling down until 00:30:00Z: restored: QUOTA_EXHAUSTED 429");
    assertThat(restarted.tryAcquire(CLAUDE)).as("a hold already over is ignored").isTrue();

    clock.advance(Duration.ofMinutes(30));
    assertThat(restarted.tryAcquire(GPT)).isTrue();
    assertThat(restarted.health(GPT).circuitState()).isEqualTo(CircuitState.HALF_OPEN);
  }
}
