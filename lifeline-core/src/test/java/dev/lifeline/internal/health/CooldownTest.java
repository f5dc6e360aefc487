package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownSettings;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CooldownTest {

  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Deployment MINI = Deployment.of("openai", "gpt-4o-mini");
  private static final Deployment CLAUDE = Deployment.of("anthropic", "claude-sonnet-4");
  private static final Duration LATENCY = Duration.ofMillis(300);

  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();
  private final RecordingListener listener = new RecordingListener();
  private final HealthTracker tracker =
      HealthTracker.create(HealthSettings.defaults(), clock, listener);

  private static Failure rateLimited(Duration wait) {
    return Failure.builder(ErrorKind.RATE_LIMITED).status(429).retryAfter(wait).build();
  }

  @Test
  void aRateLimitKeepsTheDeploymentOutForTheProvidersWait() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(20)), LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.tryAcquire(MINI)).as("the provider's other model").isTrue();
    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plusSeconds(20));
    assertThat(tracker.health(GPT).cooldownReason())
        .isEqualTo("RATE_LIMITED 429 (retry after 20000 ms)");
    assertThat(tracker.unavailableReason(GPT))
        .contains("cooling down until 00:00:20Z: RATE_LIMITED 429 (retry after 20000 ms)");
    assertThat(listener.events)
        .containsExactly("cooldown openai/gpt-4o PT20S: RATE_LIMITED 429 (retry after 20000 ms)");

    clock.advance(Duration.ofSeconds(19));
    assertThat(tracker.tryAcquire(GPT)).isFalse();
  }

  @Test
  void aRateLimitWithoutAWaitCoolsDownForTheDefaultFiveSeconds() {
    tracker.recordFailure(GPT, Failure.of(ErrorKind.RATE_LIMITED, "slow down"), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plusSeconds(5));
  }

  @Test
  void anExpiredCooldownComesBackThroughHalfOpenProbing() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(20)), LATENCY);
    clock.advance(Duration.ofSeconds(20));

    assertThat(tracker.tryAcquire(GPT)).as("the probe").isTrue();
    assertThat(tracker.tryAcquire(GPT)).as("only one probe until it succeeds").isFalse();
    assertThat(tracker.health(GPT).circuitState()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(tracker.health(GPT).cooldownUntil()).isNull();

    tracker.recordSuccess(GPT, LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(listener.events)
        .containsExactly(
            "cooldown openai/gpt-4o PT20S: RATE_LIMITED 429 (retry after 20000 ms)",
            "cooldown ended openai/gpt-4o",
            "circuit openai/gpt-4o CLOSED->HALF_OPEN: cooldown of openai/gpt-4o ended",
            "circuit openai/gpt-4o HALF_OPEN->CLOSED: probe succeeded");
  }

  @Test
  void aProbeThatIsRateLimitedAgainCoolsDownAgainAndStaysHalfOpen() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(20)), LATENCY);
    clock.advance(Duration.ofSeconds(20));
    assertThat(tracker.tryAcquire(GPT)).isTrue();

    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(10)), LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(tracker.tryAcquire(GPT)).as("the probe slot was given back").isTrue();
    assertThat(tracker.tryAcquire(GPT)).isFalse();
  }

  @Test
  void aLongerCooldownExtendsAShorterOne() {
    // LiteLLM #40130: a longer cooldown did not extend a shorter one already set.
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(10)), LATENCY);
    clock.advance(Duration.ofSeconds(2));

    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(30)), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plusSeconds(32));
    clock.advance(Duration.ofSeconds(20));
    assertThat(tracker.tryAcquire(GPT)).as("past the first deadline").isFalse();
    assertThat(listener.startingWith("cooldown openai")).hasSize(2);
  }

  @Test
  void aShorterCooldownNeverShortensALongerOne() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(60)), LATENCY);

    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(1)), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.RATE_LIMITED, "no wait given"), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plusSeconds(60));
    assertThat(listener.startingWith("cooldown openai"))
        .as("no event for a cooldown that changed nothing")
        .hasSize(1);
    clock.advance(Duration.ofSeconds(59));
    assertThat(tracker.tryAcquire(GPT)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tracker.tryAcquire(GPT)).isTrue();
  }

  @Test
  void aRejectedKeyCoolsTheWholeProviderDown() {
    tracker.recordFailure(
        GPT, Failure.builder(ErrorKind.AUTHENTICATION).status(401).build(), LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.tryAcquire(MINI)).isFalse();
    assertThat(tracker.tryAcquire(CLAUDE)).isTrue();
    assertThat(tracker.health(MINI).cooldownUntil()).isEqualTo(start.plus(Duration.ofMinutes(10)));
    assertThat(tracker.unavailableReason(MINI))
        .contains("provider openai cooling down until 00:10:00Z: AUTHENTICATION 401");
    assertThat(listener.events)
        .containsExactly("cooldown provider openai PT10M: AUTHENTICATION 401");
  }

  @Test
  void aForbiddenKeyCoolsTheWholeProviderDownToo() {
    tracker.recordFailure(GPT, Failure.builder(ErrorKind.PERMISSION).status(403).build(), LATENCY);

    assertThat(tracker.tryAcquire(MINI)).isFalse();
  }

  @Test
  void anExhaustedQuotaCoolsTheProviderDownForAnHour() {
    tracker.recordFailure(
        MINI, Failure.builder(ErrorKind.QUOTA_EXHAUSTED).status(429).build(), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plus(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(59));
    assertThat(tracker.tryAcquire(GPT)).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.tryAcquire(MINI)).isTrue();
    assertThat(tracker.tryAcquire(GPT))
        .as("each of the provider's deployments probes once")
        .isFalse();
    assertThat(listener.startingWith("cooldown ended"))
        .containsExactly("cooldown ended provider openai");
  }

  @Test
  void theLaterOfTheDeploymentsAndTheProvidersCooldownIsShown() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(30)), LATENCY);
    tracker.recordFailure(
        GPT, Failure.builder(ErrorKind.AUTHENTICATION).status(401).build(), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plus(Duration.ofMinutes(10)));
    assertThat(tracker.health(GPT).cooldownReason()).isEqualTo("AUTHENTICATION 401");
  }

  @Test
  void aModelNotFoundCoolsOnlyThatDeploymentDown() {
    tracker.recordFailure(
        GPT, Failure.builder(ErrorKind.MODEL_NOT_FOUND).status(404).build(), LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.tryAcquire(MINI)).isTrue();
    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plus(Duration.ofMinutes(10)));
  }

  @Test
  void anAbsurdProviderWaitIsCutToMaxCooldown() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofDays(30)), LATENCY);

    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plus(Duration.ofHours(1)));
  }

  @Test
  void aWaitOfZeroIsNoCooldown() {
    tracker.recordFailure(GPT, rateLimited(Duration.ZERO), LATENCY);

    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void aCooldownThatExpiredUnnoticedEndsBeforeTheNextStarts() {
    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(5)), LATENCY);
    clock.advance(Duration.ofSeconds(10));

    tracker.recordFailure(GPT, rateLimited(Duration.ofSeconds(5)), LATENCY);

    assertThat(listener.events)
        .startsWith(
            "cooldown openai/gpt-4o PT5S: RATE_LIMITED 429 (retry after 5000 ms)",
            "cooldown ended openai/gpt-4o")
        .endsWith("cooldown openai/gpt-4o PT5S: RATE_LIMITED 429 (retry after 5000 ms)");
    assertThat(tracker.health(GPT).cooldownUntil()).isEqualTo(start.plusSeconds(15));
  }

  @Test
  void disabledCooldownsKeepNothingOut() {
    HealthTracker noCooldowns =
        HealthTracker.create(
            HealthSettings.defaults().withCooldowns(CooldownSettings.disabled()), clock, listener);

    noCooldowns.recordFailure(GPT, rateLimited(Duration.ofSeconds(20)), LATENCY);
    noCooldowns.recordFailure(
        GPT, Failure.builder(ErrorKind.AUTHENTICATION).status(401).build(), LATENCY);

    assertThat(noCooldowns.tryAcquire(GPT)).isTrue();
    assertThat(noCooldowns.tryAcquire(MINI)).isTrue();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void aCallersAbandonedAttemptStartsNoCooldown() {
    // LiteLLM #41223: the caller's own short timeout put the provider in cooldown.
    for (int i = 0; i < 20; i++) {
      assertThat(tracker.tryAcquire(GPT)).isTrue();
      tracker.release(GPT);
    }

    assertThat(tracker.health(GPT).cooldownUntil()).isNull();
    assertThat(listener.events).isEmpty();
  }
}
