package dev.lifeline.time;

import dev.lifeline.internal.Durations;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; the only way the engine ever waits.
 *
 * <p>A retry's backoff, a Retry-After and a deadline are all scheduled here instead of blocking a
 * thread, so one engine can hold thousands of waiting calls, and a test with {@link VirtualClock} runs
 * them without sleeping. Implementations must be thread-safe; the task runs on a thread of the scheduler's
 * choosing and must not block.
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
   * A scheduler on one shared daemon thread; tasks hand their work off at once, so one thread serves
   * every engine in the JVM.
   */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }
}

/** One daemon timer thread for the whole JVM, created on first use. */
final class SystemScheduler implements Scheduler {
  static final SystemScheduler INSTANCE = new SystemScheduler();

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
    this.executor = pool;
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    // Saturated: a delay beyond 292 years is "never" to the executor, not an ArithmeticException.
    return executor.schedule(task, Math.max(0, Durations.toNanosSaturated(delay)), TimeUnit.NANOSECONDS);
  }
}
