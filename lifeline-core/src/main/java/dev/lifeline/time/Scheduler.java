package dev.lifeline.time;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; the only way the engine ever waits.
 *
 * <p>A retry's backoff, a Retry-After and a deadline are all scheduled here instead of blocking a
 * thread, so one engine can hold thousands of waiting calls, and a test with {@link VirtualClock}
 * runs them without sleeping. Implementations must be thread-safe; the task runs on a thread of the
 * scheduler's choosing and must not block.
 */
public interface Scheduler {

  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @param delay zero or more; zero runs the task as soon as possible
   * @return a handle whose {@code cancel} keeps the task from running if it has not started
   */
  Future<?> schedule(Runnable task, Duration delay);

  /**
   * A scheduler on the one shared daemon timer thread ({@code lifeline-scheduler}) that hands every
   * fired task to {@link ForkJoinPool#commonPool()}: the timer thread never runs a task's body, so
   * a slow task cannot delay the timers of every engine in the JVM. An engine uses {@link
   * #system(Executor)} with its own executor instead.
   */
  static Scheduler system() {
    return SystemScheduler.COMMON;
  }

  /**
   * A scheduler on the shared timer thread that hands every fired task to {@code executor}; see
   * {@link #handingOff(Scheduler, Executor)} for what happens when the executor refuses it.
   *
   * @throws NullPointerException if {@code executor} is null
   */
  static Scheduler system(Executor executor) {
    return handingOff(SystemScheduler.TIMER, executor);
  }

  /**
   * {@code timer}, with each fired task run by {@code executor} instead of on the timer's thread.
   * Cancelling the handle keeps the task from running if the executor has not started it yet. A
   * task the executor rejects (it was shut down) runs on the timer's thread rather than being lost,
   * so a call waiting on it still ends.
   *
   * @throws NullPointerException if an argument is null
   */
  static Scheduler handingOff(Scheduler timer, Executor executor) {
    return new HandOffScheduler(
        Objects.requireNonNull(timer, "timer"), Objects.requireNonNull(executor, "executor"));
  }
}

/** One daemon timer thread for the whole JVM, created on first use; it only hands work off. */
final class SystemScheduler implements Scheduler {
  /**
   * The bare timer: runs tasks on its own thread; only ever used behind a {@link HandOffScheduler}.
   */
  static final SystemScheduler TIMER = new SystemScheduler();

  static final Scheduler COMMON = new HandOffScheduler(TIMER, ForkJoinPool.commonPool());

  /**
   * The period of the timer thread's no-op (50 ms): 20 wake-ups a second, whatever the traffic. A
   * constant, so that it is set before {@link #TIMER} is built.
   */
  static final long HEARTBEAT_NANOS = 50_000_000L;

  private final ScheduledExecutorService executor;

  private SystemScheduler() {
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = Executors.defaultThreadFactory().newThread(runnable);
              thread.setName("lifeline-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    // Cancelled waits (a call answered or cancelled early) must not pile up in the queue.
    pool.setRemoveOnCancelPolicy(true);
    // The executor wakes its thread whenever a new task is the earliest in its queue: with nothing
    // else queued, every call's first timer, a futex wake and a trip of the timer thread through
    // the queue's lock on the way of each call (measured: about 10 µs of CPU per timer on 2 busy
    // cores). A no-op every HEARTBEAT keeps an earlier task queued, so a timer due later (a call's
    // timeouts, seconds away) joins the queue without waking the thread; a shorter one still wakes
    // it, and every task still runs at its own time.
    pool.scheduleAtFixedRate(() -> {}, HEARTBEAT_NANOS, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
    this.executor = pool;
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    // Saturated: a delay beyond 292 years is "never" to the executor, not an ArithmeticException.
    return executor.schedule(
        task, Math.max(0, Durations.toNanosSaturated(delay)), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "Scheduler.system()";
  }
}
