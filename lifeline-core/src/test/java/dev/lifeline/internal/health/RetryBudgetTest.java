package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.HealthSettings;
import dev.lifeline.health.RetryBudgetSettings;
import dev.lifeline.model.Deployment;
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

class RetryBudgetTest {

  private static final int CALLS = 10_000;
  private static final int WARM_UP = 1_000;
  private static final int EXTRA_ATTEMPTS_WANTED = 6;

  private final VirtualClock clock = new VirtualClock();

  /** Attempts of each call in a full outage: every attempt fails and each call wants 6 more. */
  private int[] steadyOutage(RetryBudget budget, Duration betweenCalls) {
    int[] attempts = new int[CALLS];
    for (int call = 0; call < CALLS; call++) {
      budget.onFirstAttempt();
      attempts[call] = 1;
      for (int extra = 0; extra < EXTRA_ATTEMPTS_WANTED && budget.tryAcquire(); extra++) {
        attempts[call]++;
      }
      clock.advance(betweenCalls);
    }
    return attempts;
  }

  private static double amplification(int[] attempts, int from) {
    long total = 0;
    for (int call = from; call < attempts.length; call++) {
      total += attempts[call];
    }
    return (double) total / (attempts.length - from);
  }

  @Test
  void aFullOutageCostsAtMostAboutOnePointTwoAttemptsPerCall() {
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), clock);

    int[] attempts = steadyOutage(budget, Duration.ofMillis(10)); // 100 calls a second

    // After warm-up (the initial burst of 10 tokens is spent), every fifth call gets one retry; at
    // most one token of carry-over is left at either end of the measured stretch.
    assertThat(amplification(attempts, WARM_UP)).isBetween(1.19, 1.2 + 1.0 / (CALLS - WARM_UP));
    assertThat(amplification(attempts, 0)).isLessThan(1.2 + 11.0 / CALLS);
  }

  @Test
  void withoutTheBudgetTheSameOutageCostsSevenTimes() {
    RetryBudget budget =
        RetryBudget.create(
            HealthSettings.defaults().withRetryBudget(RetryBudgetSettings.disabled()), clock);

    int[] attempts = steadyOutage(budget, Duration.ofMillis(10));

    assertThat(amplification(attempts, 0)).isEqualTo(7.0);
    assertThat(budget.isEnabled()).isFalse();
  }

  @Test
  void aQuietServiceCanStillRetry() {
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), clock);

    // One call every 10 s: deposits alone would give a retry every 50 s; the minimum of one a
    // second
    // gives every call its retries.
    int[] attempts = new int[20];
    for (int call = 0; call < attempts.length; call++) {
      clock.advance(Duration.ofSeconds(10));
      budget.onFirstAttempt();
      attempts[call] = 1;
      for (int extra = 0; extra < EXTRA_ATTEMPTS_WANTED && budget.tryAcquire(); extra++) {
        attempts[call]++;
      }
    }

    assertThat(attempts).containsOnly(7);
  }

  @Test
  void theMinimumRateAndTheRatioDoNotAddUp() {
    RetryBudget budget =
        RetryBudget.create(
            HealthSettings.defaults()
                .withRetryBudget(RetryBudgetSettings.defaults().withMinPerSecond(10)),
            clock);

    // 100 calls a second deposit 20 tokens a second; time's 10 a second are an advance, not extra.
    int[] attempts = steadyOutage(budget, Duration.ofMillis(10));

    assertThat(amplification(attempts, WARM_UP)).isLessThanOrEqualTo(1.2 + 1.0 / (CALLS - WARM_UP));
  }

  @Test
  void theBurstIsBounded() {
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), clock);
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 1_000; i++) {
      budget.onFirstAttempt();
    }

    int granted = 0;
    while (budget.tryAcquire()) {
      granted++;
    }

    assertThat(granted).isEqualTo(10);
    assertThat(budget.tokens()).isLessThan(1);
  }

  @Test
  void timeRefillsAtTheMinimumRate() {
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), clock);
    while (budget.tryAcquire()) {
      // empty it
    }

    clock.advance(Duration.ofMillis(999));
    assertThat(budget.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(budget.tryAcquire()).isTrue();
    assertThat(budget.tryAcquire()).isFalse();
  }

  @Test
  void manySmallStepsOfTimeLoseNoIncome() {
    RetryBudget budget = RetryBudget.create(HealthSettings.defaults(), clock);
    while (budget.tryAcquire()) {
      // empty it
    }

    for (int i = 0; i < 3_000; i++) {
      clock.advance(Duration.ofNanos(1_700_000)); // 1.7 ms: not a whole number of millionths
      budget.tryAcquire();
    }

    assertThat(budget.tokens())
        .isGreaterThan(0); // 5.1 s gave 5 tokens, all taken; the fraction stays
    assertThat(budget.tryAcquire()).isFalse();
  }

  @Test
  void aDenialNamingADeploymentIsTold() {
    RecordingListener listener = new RecordingListener();
    RetryBudget budget =
        RetryBudget.create(
            HealthSettings.defaults().withRetryBudget(RetryBudgetSettings.defaults().withBurst(1)),
            clock,
            listener);
    Deployment gpt = Deployment.of("openai", "gpt-4o");

    assertThat(budget.tryAcquire(gpt)).isTrue();
    assertThat(budget.tryAcquire(gpt)).isFalse();

    assertThat(listener.events).containsExactly("budget exhausted openai/gpt-4o");
  }

  @Test
  void concurrentWithdrawalsNeverOverdraw() throws Exception {
    RetryBudget budget =
        RetryBudget.create(
            HealthSettings.defaults()
                .withRetryBudget(RetryBudgetSettings.defaults().withBurst(1_000)),
            clock);
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int thread = 0; thread < 16; thread++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 500; i++) {
                    if (budget.tryAcquire()) {
                      granted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(granted.get()).isEqualTo(1_000);
  }
}
