package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RateLimits;
import dev.lifeline.time.VirtualClock;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthTracker#allClear()}, the one read that lets a plan over hundreds of deployments skip
 * asking each: it must say no whenever any deployment would have a reason to be put last, and yes
 * again once none has.
 */
class AllClearTest {

  private static final Deployment GPT = new Deployment("openai", "gpt-4o", 128_000, 2.5, 10);
  private static final Deployment MINI =
      new Deployment("openai", "gpt-4o-mini", 128_000, 0.15, 0.6);

  private final VirtualClock clock = new VirtualClock();
  private final HealthTracker tracker =
      HealthTracker.create(HealthSettings.defaults(), clock, EngineListener.NONE);

  @Test
  void aNewTrackerAndOneThatOnlySawSuccessesAreAllClear() {
    assertThat(tracker.allClear()).isTrue();

    tracker.recordSuccess(GPT, Duration.ofMillis(300));
    tracker.recordFailure(
        MINI, Failure.of(ErrorKind.VALIDATION_FAILED, "refusal"), Duration.ofMillis(300));

    assertThat(tracker.allClear()).isTrue();
  }

  @Test
  void anOpenCircuitIsNotAllClearUntilItsProbeClosesIt() {
    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, "500"), Duration.ofMillis(50));
    }
    assertThat(tracker.unavailableReason(GPT)).isPresent();
    assertThat(tracker.allClear()).isFalse();

    clock.advance(Duration.ofSeconds(31)); // past the open duration: half-open
    assertThat(tracker.unavailableReason(GPT)).isEmpty();
    assertThat(tracker.allClear()).as("half-open is not clear").isFalse();

    assertThat(tracker.tryAcquire(GPT)).isTrue();
    tracker.recordSuccess(GPT, Duration.ofMillis(300));

    assertThat(tracker.allClear()).isTrue();
  }

  @Test
  void aCooldownIsNotAllClearWhileItLasts() {
    tracker.recordFailure(
        MINI,
        Failure.builder(ErrorKind.RATE_LIMITED)
            .status(429)
            .retryAfter(Duration.ofSeconds(12))
            .build(),
        Duration.ZERO);

    assertThat(tracker.unavailableReason(MINI)).isPresent();
    assertThat(tracker.allClear()).isFalse();
  }

  @Test
  void aBudgetRunningDryIsNotAllClearUntilItRefills() {
    tracker.recordRateLimits(GPT, new RateLimits(1, 500, -1, -1, Duration.ofSeconds(20), null));

    assertThat(tracker.runningDryReason(GPT)).isPresent();
    assertThat(tracker.allClear()).isFalse();

    clock.advance(Duration.ofSeconds(21));
    assertThat(tracker.runningDryReason(GPT)).isEmpty(); // asking ends it
    assertThat(tracker.allClear()).isTrue();
  }
}
