package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownSettings;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CircuitBreakerTest {

  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Deployment MINI = Deployment.of("openai", "gpt-4o-mini");
  private static final Duration LATENCY = Duration.ofMillis(800);

  private final VirtualClock clock = new VirtualClock();
  private final RecordingListener listener = new RecordingListener();

  private HealthTracker tracker(HealthSettings settings) {
    return HealthTracker.create(settings, clock, listener);
  }

  private HealthTracker tracker() {
    return tracker(HealthSettings.defaults());
  }

  private static Failure failure(ErrorKind kind) {
    return Failure.of(kind, kind.name().toLowerCase());
  }

  private static void fail(HealthTracker tracker, Deployment deployment, int times) {
    for (int i = 0; i < times; i++) {
      tracker.recordFailure(deployment, failure(ErrorKind.SERVER_ERROR), LATENCY);
    }
  }

  private static CircuitState state(HealthTracker tracker, Deployment deployment) {
    return tracker.health(deployment).circuitState();
  }

  @Test
  void opensOnConsecutiveFailuresAndProbesAfterTheOpenDuration() {
    HealthTracker tracker = tracker();

    fail(tracker, GPT, 4);
    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
    fail(tracker, GPT, 1);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.health(GPT).circuitOpenUntil()).isEqualTo(clock.now().plusSeconds(30));
    assertThat(listener.events)
        .containsExactly(
            "circuit openai/gpt-4o CLOSED->OPEN: 5 failures in a row, last SERVER_ERROR");

    clock.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(tracker.tryAcquire(GPT)).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThat(tracker.tryAcquire(GPT)).as("the one probe").isTrue();
    assertThat(tracker.tryAcquire(GPT)).as("a second probe while the first is in flight").isFalse();

    tracker.recordSuccess(GPT, LATENCY);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(listener.events)
        .containsExactly(
            "circuit openai/gpt-4o CLOSED->OPEN: 5 failures in a row, last SERVER_ERROR",
            "circuit openai/gpt-4o OPEN->HALF_OPEN: open for 30000 ms elapsed",
            "circuit openai/gpt-4o HALF_OPEN->CLOSED: probe succeeded");
  }

  @Test
  void aSuccessBreaksTheRunOfFailures() {
    HealthTracker tracker = tracker();

    fail(tracker, GPT, 4);
    tracker.recordSuccess(GPT, LATENCY);
    fail(tracker, GPT, 4);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void opensAtTheFailureRateOnceTheWindowHoldsMinimumCalls() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1_000)));

    for (int i = 0; i < 5; i++) {
      tracker.recordSuccess(GPT, LATENCY);
    }
    fail(tracker, GPT, 4);
    assertThat(state(tracker, GPT)).as("4 of 9").isEqualTo(CircuitState.CLOSED);

    fail(tracker, GPT, 1);

    assertThat(state(tracker, GPT)).as("5 of 10").isEqualTo(CircuitState.OPEN);
    assertThat(listener.events)
        .containsExactly("circuit openai/gpt-4o CLOSED->OPEN: failure rate 50% of 10 calls >= 50%");
  }

  @Test
  void theSuccessThatReachesMinimumCallsCanTripTheRate() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1_000)));
    fail(tracker, GPT, 5);
    for (int i = 0; i < 4; i++) {
      tracker.recordSuccess(GPT, LATENCY);
    }
    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);

    tracker.recordSuccess(GPT, LATENCY);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void belowMinimumCallsNoRateOpensIt() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1_000)));

    fail(tracker, GPT, 9);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void failuresOutsideTheWindowNoLongerCount() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1_000)));
    fail(tracker, GPT, 9);
    clock.advance(Duration.ofMinutes(5));

    fail(tracker, GPT, 1);
    for (int i = 0; i < 9; i++) {
      tracker.recordSuccess(GPT, LATENCY);
    }

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void opensOnSlowCallsWhenASlowCallThresholdIsSet() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(
                    CircuitSettings.defaults().withSlowCallThreshold(Duration.ofSeconds(60))));

    for (int i = 0; i < 2; i++) {
      tracker.recordSuccess(GPT, Duration.ofSeconds(1));
    }
    for (int i = 0; i < 7; i++) {
      tracker.recordSuccess(GPT, Duration.ofSeconds(61));
    }
    assertThat(state(tracker, GPT)).as("7 slow of 9").isEqualTo(CircuitState.CLOSED);
    tracker.recordSuccess(GPT, Duration.ofSeconds(61));

    assertThat(state(tracker, GPT)).as("8 slow of 10").isEqualTo(CircuitState.OPEN);
    assertThat(listener.events)
        .containsExactly(
            "circuit openai/gpt-4o CLOSED->OPEN: slow-call rate 80% of 10 calls over 60000 ms >= 80%");
  }

  @Test
  void slowCallsAreNotJudgedByDefault() {
    HealthTracker tracker = tracker();

    for (int i = 0; i < 50; i++) {
      tracker.recordSuccess(GPT, Duration.ofMinutes(10));
    }

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aSlowProbeReopens() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(
                    CircuitSettings.defaults().withSlowCallThreshold(Duration.ofSeconds(60))));
    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.tryAcquire(GPT)).isTrue();

    tracker.recordSuccess(GPT, Duration.ofSeconds(90));

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
    assertThat(listener.events)
        .last()
        .asString()
        .contains("probe took 90000 ms, slower than 60000 ms");
  }

  @Test
  void aFailedProbeReopensForAnotherOpenDuration() {
    HealthTracker tracker = tracker();
    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.tryAcquire(GPT)).isTrue();

    tracker.recordFailure(GPT, failure(ErrorKind.TIMEOUT), LATENCY);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
    assertThat(tracker.health(GPT).circuitOpenUntil()).isEqualTo(clock.now().plusSeconds(30));
    assertThat(listener.events)
        .last()
        .isEqualTo("circuit openai/gpt-4o HALF_OPEN->OPEN: probe failed: TIMEOUT");
  }

  @Test
  void halfOpenLetsAtMostTheConfiguredProbesThroughAtOnce() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withHalfOpenProbes(3)));
    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));

    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.tryAcquire(GPT)).isFalse();
    assertThat(tracker.unavailableReason(GPT)).contains("circuit half-open, 3 probe(s) in flight");

    tracker.release(GPT);
    assertThat(tracker.tryAcquire(GPT)).as("a released slot is free again").isTrue();
    assertThat(tracker.tryAcquire(GPT)).isFalse();
  }

  @Test
  void anAbandonedProbeCountsAsNeitherSuccessNorFailure() {
    // LiteLLM #41223: the caller's own deadline must not count against the provider.
    HealthTracker tracker = tracker();
    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.tryAcquire(GPT)).isTrue();

    tracker.release(GPT);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(tracker.health(GPT).calls()).isEqualTo(5);
    assertThat(tracker.tryAcquire(GPT)).isTrue();
  }

  @Test
  void abandonedAttemptsNeverOpenAClosedCircuit() {
    HealthTracker tracker = tracker();

    for (int i = 0; i < 100; i++) {
      assertThat(tracker.tryAcquire(GPT)).isTrue();
      tracker.release(GPT);
    }

    DeploymentHealth health = tracker.health(GPT);
    assertThat(health.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(health.calls()).isZero();
    assertThat(health.cooldownUntil()).isNull();
    assertThat(listener.events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {
        "BAD_REQUEST",
        "VALIDATION_FAILED",
        "CONTEXT_LENGTH_EXCEEDED",
        "CONTENT_FILTERED",
        "RATE_LIMITED"
      })
  void kindsThatDoNotMeanDownNeverOpenTheCircuit(ErrorKind kind) {
    HealthTracker tracker =
        tracker(HealthSettings.defaults().withCooldowns(CooldownSettings.disabled()));

    for (int i = 0; i < 50; i++) {
      tracker.recordFailure(GPT, failure(kind), LATENCY);
    }

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
    assertThat(tracker.health(GPT).failuresByKind()).containsEntry(kind, 50L);
  }

  @Test
  void kindsThatDoNotCountLeaveTheRunOfFailuresAlone() {
    HealthTracker tracker = tracker();

    fail(tracker, GPT, 4);
    tracker.recordFailure(GPT, failure(ErrorKind.BAD_REQUEST), LATENCY);
    fail(tracker, GPT, 1);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"SERVER_ERROR", "OVERLOADED", "TIMEOUT", "NETWORK", "INVALID_RESPONSE"})
  void kindsThatMeanDownOpenTheCircuit(ErrorKind kind) {
    HealthTracker tracker = tracker();

    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(GPT, failure(kind), LATENCY);
    }

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aFailureThatDoesNotCountFreesTheProbeSlotAndStaysHalfOpen() {
    HealthTracker tracker = tracker();
    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.tryAcquire(GPT)).isTrue();

    tracker.recordFailure(GPT, failure(ErrorKind.BAD_REQUEST), LATENCY);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(tracker.tryAcquire(GPT)).isTrue();
  }

  @Test
  void aLateSuccessDoesNotCloseAnOpenCircuit() {
    HealthTracker tracker = tracker();
    assertThat(tracker.tryAcquire(GPT)).isTrue(); // an attempt that will answer late
    fail(tracker, GPT, 5);

    tracker.recordSuccess(GPT, LATENCY);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aRecoveredCircuitForgetsTheFailuresThatOpenedIt() {
    HealthTracker tracker =
        tracker(
            HealthSettings.defaults()
                .withCircuit(CircuitSettings.defaults().withConsecutiveFailures(1_000)));
    fail(tracker, GPT, 10);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    tracker.recordSuccess(GPT, LATENCY);

    fail(tracker, GPT, 1);
    for (int i = 0; i < 8; i++) {
      tracker.recordSuccess(GPT, LATENCY);
    }

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void eachDeploymentHasItsOwnCircuitWhateverTheGroupSize() {
    // LiteLLM #40405: a group of one deployment was never cooled down.
    HealthTracker tracker = tracker();
    Deployment alone = Deployment.of("solo", "only-model");

    fail(tracker, alone, 5);
    fail(tracker, GPT, 5);

    assertThat(state(tracker, alone)).isEqualTo(CircuitState.OPEN);
    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
    assertThat(state(tracker, MINI)).isEqualTo(CircuitState.CLOSED);
    assertThat(tracker.tryAcquire(MINI)).isTrue();
  }

  @Test
  void listenersHearAMoveOnlyAfterTheStateChanged() {
    HealthTracker tracker = tracker();
    listener.probeWith(deployment -> tracker.health(deployment).circuitState());

    fail(tracker, GPT, 5);
    clock.advance(Duration.ofSeconds(30));
    tracker.tryAcquire(GPT);
    tracker.recordSuccess(GPT, LATENCY);

    assertThat(listener.statesSeenDuringEvents)
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }

  @Test
  void aThrowingListenerNeverBreaksARecord() {
    HealthTracker tracker =
        HealthTracker.create(
            HealthSettings.defaults(),
            clock,
            new dev.lifeline.trace.EngineListener() {
              @Override
              public void onCircuitStateChanged(
                  Deployment deployment, CircuitState from, CircuitState to, String reason) {
                throw new IllegalStateException("listener bug");
              }
            });

    fail(tracker, GPT, 5);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aDisabledCircuitBreakerNeverOpens() {
    HealthTracker tracker =
        tracker(HealthSettings.defaults().withCircuit(CircuitSettings.disabled()));

    fail(tracker, GPT, 100);

    assertThat(state(tracker, GPT)).isEqualTo(CircuitState.CLOSED);
    assertThat(tracker.tryAcquire(GPT)).isTrue();
    assertThat(tracker.health(GPT).failures()).isEqualTo(100);
  }

  @Test
  void theLegalMovesAreATable() {
    assertThat(CircuitBreaker.TRANSITIONS)
        .isEqualTo(
            Map.of(
                CircuitState.CLOSED,
                    (Set<CircuitState>) EnumSet.of(CircuitState.OPEN, CircuitState.HALF_OPEN),
                CircuitState.OPEN, EnumSet.of(CircuitState.HALF_OPEN),
                CircuitState.HALF_OPEN, EnumSet.of(CircuitState.CLOSED, CircuitState.OPEN)));
  }
}
