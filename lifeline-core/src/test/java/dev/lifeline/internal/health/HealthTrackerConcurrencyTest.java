package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitSettings;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthTrackerConcurrencyTest {

  private static final int THREADS = 32;
  private static final int RECORDS = 10_000;
  private static final Deployment GPT = Deployment.of("openai", "gpt-4o");
  private static final Deployment CLAUDE = Deployment.of("anthropic", "claude-sonnet-4");

  private final VirtualClock clock = new VirtualClock();

  @Test
  void recordsFromManyThreadsAddUpExactly() throws Exception {
    HealthTracker tracker =
        HealthTracker.create(HealthSettings.defaults(), clock, new RecordingListener());
    Failure overloaded = Failure.of(ErrorKind.OVERLOADED, "529");
    Failure refused = Failure.of(ErrorKind.VALIDATION_FAILED, "refusal");

    runConcurrently(
        thread -> {
          for (int i = 0; i < RECORDS; i++) {
            Deployment deployment = (thread + i) % 2 == 0 ? GPT : CLAUDE;
            Duration latency = Duration.ofMillis(1 + (i % 1_000));
            switch (i % 4) {
              case 0, 1 -> tracker.recordSuccess(deployment, latency);
              case 2 -> tracker.recordFailure(deployment, overloaded, latency);
              default -> tracker.recordFailure(deployment, refused, latency);
            }
            if (i % 10 == 0) {
              tracker.recordTimeToFirstToken(deployment, latency);
            }
          }
        });

    long perDeployment = (long) THREADS * RECORDS / 2;
    for (Deployment deployment : List.of(GPT, CLAUDE)) {
      DeploymentHealth health = tracker.health(deployment);
      assertThat(health.calls()).isEqualTo(perDeployment);
      assertThat(health.successes()).isEqualTo(perDeployment / 2);
      assertThat(health.failuresByKind())
          .containsEntry(ErrorKind.OVERLOADED, perDeployment / 4)
          .containsEntry(ErrorKind.VALIDATION_FAILED, perDeployment / 4);
      assertThat(health.errorRate()).isEqualTo(0.5);
    }
  }

  @Test
  void concurrentProbesNeverExceedTheLimit() throws Exception {
    HealthTracker tracker =
        HealthTracker.create(
            HealthSettings.defaults().withCircuit(CircuitSettings.defaults().withHalfOpenProbes(3)),
            clock,
            new RecordingListener());
    for (int i = 0; i < 5; i++) {
      tracker.recordFailure(GPT, Failure.of(ErrorKind.SERVER_ERROR, ""), Duration.ofMillis(1));
    }
    clock.advance(Duration.ofSeconds(30));
    AtomicInteger granted = new AtomicInteger();

    runConcurrently(
        thread -> {
          for (int i = 0; i < 1_000; i++) {
            if (tracker.tryAcquire(GPT)) {
              granted.incrementAndGet();
            }
          }
        });

    assertThat(granted.get()).isEqualTo(3);
    assertThat(tracker.health(GPT).circuitState()).isEqualTo(CircuitState.HALF_OPEN);
  }

  private interface Work {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int thread = 0; thread < THREADS; thread++) {
        int id = thread;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  work.run(id);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
