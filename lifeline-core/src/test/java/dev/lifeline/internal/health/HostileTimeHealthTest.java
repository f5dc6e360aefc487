package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.Hold;
import dev.lifeline.internal.retry.RetryAfter;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RateLimits;
import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Absurd durations handed to the health state — latencies, waits, resets, restored holds of
 * centuries — are clamped to documented bounds, never overflow and never throw.
 */
class HostileTimeHealthTest {

  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
  private static final Duration LATENCY = Duration.ofMillis(300);

  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();
  private final RecordingListener listener = new RecordingListener();

  private HealthTracker tracker(HealthSettings settings) {
    return HealthTracker.create(settings, clock, listener);
  }

  @Test
  void aLatencyOfForeverIsRecordedAsTheHistogramsLongestAndJudgedSlow() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(
                    CircuitSettings.defaults()
                        .withSlowCallThreshold(Duration.ofSeconds(10))
                        .withMinimumCalls(2)
                        .withSlowCallRateThreshold(1)));

    tracker.recordSuccess(GPT, FOREVER);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, "boom"), FOREVER);

    DeploymentHealth health = tracker.health(GPT);
    assertThat(health.p99()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    assertThat(health.circuitState()).isEqualTo(CircuitState.OPEN);
    assertThat(health.circuitOpenUntil()).isEqualTo(start.plusSeconds(30));
  }

  @Test
  void aNegativeLatencyCountsAsZero() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.recordSuccess(GPT, Duration.ofSeconds(Long.MIN_VALUE));

    assertThat(tracker.health(GPT).p50()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aRateLimitAskingForeverCoolsDownForMaxCooldownOnly() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.recordFailure(
        GPT,
        Failure.builder(ErrorKind.RATE_LIMITED).status(429).retryAfter(FOREVER).build(),
        LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil())
        .isEqualTo(start.plus(HealthSettings.defaults().cooldowns().max()));
    assertThat(listener.events)
        .containsExactly(
            "cooldown openai/gpt-4o PT1H: RATE_LIMITED 429 (retry after 2592000000 ms)");
    clock.advance(Duration.ofHours(1));
    assertThat(tracker.tryAcquire(GPT)).as("back after max cooldown, through a probe").isTrue();
  }

  @Test
  void aRateLimitAskingANegativeWaitStartsNoCooldown() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.recordFailure(
        GPT,
        Failure.builder(ErrorKind.RATE_LIMITED)
            .status(429)
            .retryAfter(Duration.ofSeconds(-30))
            .build(),
        LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isNull();
    assertThat(tracker.tryAcquire(GPT)).isTrue();
  }

  @Test
  void aBudgetResetOfForeverKeepsTheDeploymentLastForThirtyDaysAtMost() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.recordRateLimits(GPT, new RateLimits(0, 100, -1, -1, FOREVER, null));

    assertThat(tracker.runningDryReason(GPT))
        .hasValueSatisfying(reason -> assertThat(reason).contains("0 requests left"));
    clock.advance(Cooldowns.MAX_LENGTH.minusSeconds(1));
    assertThat(tracker.runningDryReason(GPT)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tracker.runningDryReason(GPT)).isEmpty();
  }

  @Test
  void aNegativeBudgetResetIsOverAtOnce() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.recordRateLimits(
        GPT, new RateLimits(0, 100, -1, -1, Duration.ofSeconds(Long.MIN_VALUE), null));

    assertThat(tracker.runningDryReason(GPT)).isEmpty();
  }

  @Test
  void aRestoredHoldUntilTheEndOfTimeLastsThirtyDays() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.restore(new Hold("openai", true, Instant.MAX, "from a store gone wrong"));

    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plus(Cooldowns.MAX_LENGTH));
    assertThat(tracker.holds())
        .singleElement()
        .satisfies(hold -> assertThat(hold.until()).isEqualTo(start.plus(Cooldowns.MAX_LENGTH)));
  }

  @Test
  void aRestoredHoldFromTheYearOneIsIgnored() {
    HealthTracker tracker = tracker(HealthSettings.defaults());

    tracker.restore(new Hold("openai", true, Instant.MIN, "long over"));

    assertThat(tracker.tryAcquire(GPT)).isTrue();
  }

  @Test
  void aCooldownOfForeverIsCutToTheLongestOne() {
    Cooldowns cooldowns = new Cooldowns(listener, target -> {});
    CooldownTarget target = CooldownTarget.deployment(GPT.id());

    assertThat(cooldowns.start(target, Long.MAX_VALUE - 5, FOREVER, "at the end of the ticker"))
        .isTrue();

    Cooldowns.Cooldown cooldown = cooldowns.active(target, Long.MAX_VALUE - 5);
    assertThat(cooldown).isNotNull();
    assertThat(cooldown.untilNanos()).as("saturated, not wrapped").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theProviderWaitOfAFailureIsClampedWhoeverBuiltIt() {
    assertThat(Failure.builder(ErrorKind.RATE_LIMITED).retryAfter(FOREVER).build().retryAfter())
        .isEqualTo(RetryAfter.MAX);
    assertThat(
            Failure.builder(ErrorKind.RATE_LIMITED)
                .retryAfter(Duration.ofSeconds(-1))
                .build()
                .retryAfter())
        .isEqualTo(Duration.ZERO);
    assertThat(Failure.builder(ErrorKind.RATE_LIMITED).retryAfter(FOREVER).build().toString())
        .isEqualTo("RATE_LIMITED (retry after 2592000000 ms)");
  }

  @Test
  void aRetryBudgetSurvivesTickerJumpsAcrossTheWholeLongRange() {
    AtomicLong nanos = new AtomicLong(Long.MIN_VALUE);
    Ticker ticker =
        new Ticker() {
          @Override
          public long nanos() {
            return nanos.get();
          }

          @Override
          public Instant now() {
            return Instant.EPOCH;
          }
        };
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), ticker);
    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryAcquire()).isTrue();
    }
    assertThat(budget.tryAcquire()).as("burst spent").isFalse();

    nanos.set(Long.MAX_VALUE); // a jump that wraps when subtracted: treated as no time passed
    assertThat(budget.tokens()).isBetween(0.0, 10.0);
    nanos.set(-1); // far, but within range: the bucket refills to its burst, no more
    assertThat(budget.tokens()).isEqualTo(10.0);
  }
}
