package dev.lifeline.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A timer that only hands fired tasks to an executor. */
class HandOffSchedulerTest {

  private final VirtualClock clock = new VirtualClock();
  private final List<Runnable> handedOff = new ArrayList<>();
  private final Executor queueing = handedOff::add;

  @Test
  void aFiredTaskIsHandedToTheExecutorNotRunOnTheTimer() {
    AtomicInteger runs = new AtomicInteger();
    Scheduler scheduler = Scheduler.handingOff(clock, queueing);
    scheduler.schedule(runs::incrementAndGet, Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));

    assertThat(runs).as("the timer ran nothing itself").hasValue(0);
    assertThat(handedOff).hasSize(1);
    handedOff.get(0).run();
    assertThat(runs).hasValue(1);
  }

  @Test
  void cancellingAfterTheTimerFiredButBeforeTheExecutorRanItStopsTheTask() {
    AtomicInteger runs = new AtomicInteger();
    Future<?> handle =
        Scheduler.handingOff(clock, queueing)
            .schedule(runs::incrementAndGet, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    assertThat(handle.cancel(false)).isTrue();
    handedOff.forEach(Runnable::run);

    assertThat(runs).hasValue(0);
    assertThat(handle.isCancelled()).isTrue();
  }

  @Test
  void cancellingBeforeTheTimerFiresNeverReachesTheExecutor() {
    Future<?> handle =
        Scheduler.handingOff(clock, queueing).schedule(() -> {}, Duration.ofSeconds(1));
    handle.cancel(false);
    clock.advance(Duration.ofSeconds(2));
    assertThat(handedOff).isEmpty();
  }

  @Test
  void aTaskTheExecutorRejectsStillRunsSoNoCallIsLost() {
    AtomicInteger runs = new AtomicInteger();
    Executor closed =
        task -> {
          throw new RejectedExecutionException("shut down");
        };
    Scheduler.handingOff(clock, closed).schedule(runs::incrementAndGet, Duration.ZERO);
    clock.runDue();
    assertThat(runs).hasValue(1);
  }

  @Test
  void theSystemSchedulerNeverRunsATaskOnItsTimerThread() throws Exception {
    java.util.concurrent.CompletableFuture<String> thread =
        new java.util.concurrent.CompletableFuture<>();
    Scheduler.system()
        .schedule(() -> thread.complete(Thread.currentThread().getName()), Duration.ofMillis(1));
    assertThat(thread.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .isNotEqualTo("lifeline-scheduler");

    java.util.concurrent.CompletableFuture<String> handed =
        new java.util.concurrent.CompletableFuture<>();
    Executor named = task -> new Thread(task, "lifeline-worker-test").start();
    Scheduler.system(named)
        .schedule(() -> handed.complete(Thread.currentThread().getName()), Duration.ofMillis(1));
    assertThat(handed.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("lifeline-worker-test");
  }
}
