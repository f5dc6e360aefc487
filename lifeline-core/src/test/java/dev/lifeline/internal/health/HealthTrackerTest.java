package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownSettings;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Deployment CLAUDE = Deployment.of("anthropic", "claude-sonnet-4");
  private static final Duration LATENCY = Duration.ofMillis(500);

  private final VirtualClock clock = new VirtualClock();
  private final Instant start = clock.now();
  private final HealthTracker tracker =
      HealthTracker.create(
          HealthSettings.defaults().withCooldowns(CooldownSettings.disabled()),
          clock,
          new RecordingListener());

  @Test
  void aDeploymentNeverSeenHasNoData() {
    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.calls()).isZero();
    assertThat(health.errorRate()).isZero();
    assertThat(health.p50()).isNull();
    assertThat(health.ttftP50()).isNull();
    assertThat(health.lastSuccess()).isNull();
    assertThat(health.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(health.isAvailable()).isTrue();
    assertThat(health).hasToString("openai/gpt-4o: no calls in the last 5 min, circuit CLOSED");
  }

  @Test
  void countsSuccessesAndFailuresByKind() {
    for (int i = 0; i < 6; i++) {
      tracker.recordSuccess(GPT, LATENCY);
    }
    tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, "500"), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.TIMEOUT, "read"), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.TIMEOUT, "read"), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.RATE_LIMITED, "429"), LATENCY);

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.calls()).isEqualTo(10);
    assertThat(health.successes()).isEqualTo(6);
    assertThat(health.failures()).isEqualTo(4);
    assertThat(health.failuresByKind())
        .containsExactly(
            Map.entry(ErrorKind.RATE_LIMITED, 1L),
            Map.entry(ErrorKind.SERVER_ERROR, 1L),
            Map.entry(ErrorKind.TIMEOUT, 2L));
    assertThat(health.errorRate()).isEqualTo(0.4);
  }

  @Test
  void theRequestsOwnFaultsAreNotInTheErrorRate() {
    tracker.recordSuccess(GPT, LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.BAD_REQUEST, "bad"), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "long"), LATENCY);
    tracker.recordFailure(GPT, Failure.of(ErrorKind.VALIDATION_FAILED, "refusal"), LATENCY);

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.failures()).isEqualTo(3);
    assertThat(health.errorRate())
        .as("only the refusal reflects on the deployment")
        .isEqualTo(0.25);
  }

  @Test
  void countsLeaveTheWindowBucketByBucket() {
    tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, "500"), LATENCY);
    clock.advance(Duration.ofMinutes(2));
    tracker.recordSuccess(GPT, LATENCY);

    clock.advance(Duration.ofMinutes(3).minusNanos(1));
    assertThat(tracker.health(GPT).calls()).as("4:59.999 after the first").isEqualTo(2);
    clock.advance(Duration.ofNanos(1));
    assertThat(tracker.health(GPT).calls()).as("5:00 after the first").isEqualTo(1);
    assertThat(tracker.health(GPT).failures()).isZero();

    clock.advance(Duration.ofMinutes(2));
    DeploymentHealth empty = tracker.health(GPT);
    assertThat(empty.calls()).isZero();
    assertThat(empty.p95()).isNull();
    assertThat(empty.lastSuccess())
        .as("last outcomes outlive the window")
        .isEqualTo(start.plus(Duration.ofMinutes(2)));
    assertThat(empty.lastFailure()).isEqualTo(start);
  }

  @Test
  void aWindowIsRefilledAfterItEmptied() {
    tracker.recordSuccess(GPT, Duration.ofSeconds(9));
    clock.advance(Duration.ofHours(3));

    tracker.recordSuccess(GPT, Duration.ofMillis(100));

    DeploymentHealth health = tracker.health(GPT);
    assertThat(health.calls()).isEqualTo(1);
    assertThat(health.p99().toMillis()).isEqualTo(100);
  }

  @Test
  void percentilesAreWithinOnePercentOfTheExactValues() {
    Random random = new Random(20260101);
    long[] micros = new long[10_000];
    for (int i = 0; i < micros.length; i++) {
      // Lognormal around 800 ms, with a long tail, like completion latencies.
      double millis = Math.exp(Math.log(800) + 0.7 * random.nextGaussian());
      micros[i] = Math.max(1, Math.round(millis * 1_000));
      tracker.recordSuccess(GPT, Duration.ofNanos(micros[i] * 1_000));
      if (i % 100 == 99) {
        clock.advance(Duration.ofSeconds(2)); // spread over 200 s, across several buckets
      }
    }
    Arrays.sort(micros);

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.calls()).isEqualTo(10_000);
    assertThat(micros(health.p50())).isCloseTo(exact(micros, 50), within(exact(micros, 50) / 100));
    assertThat(micros(health.p95())).isCloseTo(exact(micros, 95), within(exact(micros, 95) / 100));
    assertThat(micros(health.p99())).isCloseTo(exact(micros, 99), within(exact(micros, 99) / 100));
  }

  @Test
  void timeToFirstTokenIsKeptApartFromLatency() {
    tracker.recordSuccess(GPT, Duration.ofSeconds(4));
    for (int i = 1; i <= 100; i++) {
      tracker.recordTimeToFirstToken(GPT, Duration.ofMillis(i * 10L));
    }

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.p50().toMillis()).isBetween(4_000L, 4_004L);
    assertThat(health.ttftP50().toMillis()).isBetween(500L, 501L);
    assertThat(health.ttftP95().toMillis()).isBetween(950L, 951L);
    assertThat(health.calls()).as("a first token is not a call").isEqualTo(1);
  }

  @Test
  void lastSuccessAndFailureAreWallClockInstants() {
    clock.advance(Duration.ofSeconds(7));
    tracker.recordSuccess(GPT, LATENCY);
    clock.advance(Duration.ofSeconds(3));
    tracker.recordFailure(GPT, Failure.of(ErrorKind.NETWORK, "reset"), LATENCY);
    clock.advance(Duration.ofSeconds(50));

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.lastSuccess()).isEqualTo(start.plusSeconds(7));
    assertThat(health.lastFailure()).isEqualTo(start.plusSeconds(10));
  }

  @Test
  void snapshotListsEveryDeploymentInTheOrderFirstSeen() {
    tracker.recordSuccess(GPT, LATENCY);
    tracker.recordSuccess(CLAUDE, LATENCY);
    tracker.recordSuccess(GPT, LATENCY);

    assertThat(tracker.snapshot())
        .extracting(DeploymentHealth::deployment)
        .containsExactly(GPT, CLAUDE);
    assertThat(tracker.snapshot()).extracting(DeploymentHealth::calls).containsExactly(2L, 1L);
  }

  @Test
  void aDeploymentIsKnownByItsIdWhateverItsOtherFields() {
    tracker.recordSuccess(new Deployment("openai", "gpt-4o", 128_000, 2.5, 10), LATENCY);

    assertThat(tracker.health(GPT).calls()).isEqualTo(1);
  }

  @Test
  void healthPrintsOnOneReadableLine() {
    for (int i = 0; i < 3; i++) {
      tracker.recordSuccess(GPT, Duration.ofMillis(800));
    }
    tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, "500"), Duration.ofSeconds(2));
    tracker.recordTimeToFirstToken(GPT, Duration.ofMillis(300));

    assertThat(tracker.health(GPT).toString())
        .isEqualTo(
            "openai/gpt-4o: 4 calls in the last 5 min, 3 ok, 1 failed (SERVER_ERROR 1), errors 25.0%,"
                + " latency p50 800 ms p95 2.0 s p99 2.0 s, first token p50 300 ms p95 300 ms,"
                + " last ok 2026-01-01T00:00:00Z, last failure 2026-01-01T00:00:00Z, circuit CLOSED");
  }

  @Test
  void anOpenCircuitAndACooldownShowInTheLine() {
    HealthTracker withCooldowns = HealthTracker.create(clock);
    for (int i = 0; i < 5; i++) {
      withCooldowns.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, ""), LATENCY);
    }
    withCooldowns.recordFailure(
        GPT, Failure.builder(ErrorKind.QUOTA_EXHAUSTED).status(429).build(), LATENCY);

    DeploymentHealth health = withCooldowns.health(GPT);

    assertThat(health.isAvailable()).isFalse();
    assertThat(health.toString())
        .endsWith(
            "circuit OPEN until 2026-01-01T00:00:30Z,"
                + " cooling down until 2026-01-01T01:00:00Z (QUOTA_EXHAUSTED 429)");
  }

  @Test
  void negativeAndHugeLatenciesAreBounded() {
    tracker.recordSuccess(GPT, Duration.ofMillis(-5));
    tracker.recordSuccess(GPT, Duration.ofDays(400));

    DeploymentHealth health = tracker.health(GPT);

    assertThat(health.p50()).isZero();
    assertThat(health.p99().toMinutes()).isBetween(59L, 60L);
  }

  private static double micros(Duration duration) {
    return duration.toNanos() / 1_000.0;
  }

  /** The nearest-rank percentile of sorted values. */
  private static double exact(long[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
