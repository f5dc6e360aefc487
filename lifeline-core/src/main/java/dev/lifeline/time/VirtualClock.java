package dev.lifeline.time;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ticker and scheduler whose time moves only when told to: tests and simulations run hours of
 * backoff, cooldown and outage in milliseconds, deterministically.
 *
 * <p>{@link #advance(Duration)} moves time forward and runs, in time order on the calling thread,
 * every task that falls due, including tasks those tasks schedule. Tasks scheduled with a zero
 * delay run at the next {@code advance} or {@link #runDue()}. Thread-safe.
 *
 * <p>Bounds: time runs from 0 to {@link Long#MAX_VALUE} nanoseconds (about 292 years) after
 * creation. {@link #advance} past that end is refused with an {@link IllegalArgumentException} that
 * names the time left; a delay given to {@link #schedule} or a limit given to {@link #runUntilIdle}
 * may be any length, and saturates at that end (a task due beyond it runs only if the clock reaches
 * its end).
 */
public final class VirtualClock implements Ticker, Scheduler {

  // The latest origin whose clock can run its whole range of Long.MAX_VALUE nanoseconds.
  private static final Instant LATEST_ORIGIN = Instant.MAX.minusNanos(Long.MAX_VALUE);

  private final Instant origin;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nanos;
  private long sequence;

  /** A clock at a fixed wall-clock origin, 2026-01-01T00:00:00Z, so that runs are reproducible. */
  public VirtualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * A clock whose {@link #now()} starts at {@code origin}.
   *
   * @throws IllegalArgumentException if {@code origin} is so close to {@link Instant#MAX} that
   *     {@link #now()} could not represent the clock's whole range of 292 years
   */
  public VirtualClock(Instant origin) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isAfter(LATEST_ORIGIN)) {
      throw new IllegalArgumentException(
          "origin must be at least 292 years before " + Instant.MAX + ", was " + origin);
    }
    this.origin = origin;
  }

  @Override
  public synchronized long nanos() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return origin.plusNanos(nanos);
  }

  /** The time elapsed since this clock was created. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    long due = Durations.saturatedAdd(nanos, Math.max(0, Durations.toNanosSaturated(delay)));
    Task scheduled = new Task(task, due, sequence++);
    queue.add(scheduled);
    return scheduled;
  }

  /** How many scheduled tasks have not run yet and are not cancelled. */
  public synchronized int pendingTasks() {
    return (int) queue.stream().filter(task -> !task.isCancelled()).count();
  }

  /** The delay until the next pending task, or empty when none is pending. */
  public synchronized Optional<Duration> nextDue() {
    return queue.stream()
        .filter(task -> !task.isCancelled())
        .mapToLong(task -> task.dueNanos)
        .min()
        .stream()
        .mapToObj(due -> Duration.ofNanos(Math.max(0, due - nanos)))
        .findFirst();
  }

  /** Runs the tasks due now, without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /**
   * Moves time forward by {@code duration}, running due tasks in order as time passes them.
   *
   * @throws IllegalArgumentException if {@code duration} is negative, or longer than the time left
   *     before the clock's end at {@link Long#MAX_VALUE} nanoseconds (see the class comment)
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    long target;
    synchronized (this) {
      long left = Long.MAX_VALUE - nanos;
      long step = Durations.toNanosSaturated(duration);
      if (step > left) {
        throw new IllegalArgumentException(
            "duration must be in [0, "
                + Duration.ofNanos(left)
                + "] (the time left on this clock), was "
                + duration);
      }
      target = nanos + step;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          nanos = target;
          return;
        }
        queue.poll();
        nanos = Math.max(nanos, next.dueNanos);
      }
      next.run();
    }
  }

  /**
   * Advances time task by task until no task is pending or {@code limit} has passed; returns the
   * time that passed. Useful to run a call with waits to its end. A limit beyond the clock's end
   * means "to the end"; a negative one runs only what is due now.
   */
  public Duration runUntilIdle(Duration limit) {
    long start = nanos();
    long end = Durations.saturatedAdd(start, Math.max(0, Durations.toNanosSaturated(limit)));
    while (true) {
      Optional<Duration> due = nextDue();
      // Both terms are within [0, Long.MAX_VALUE]: the sum saturates instead of wrapping.
      if (due.isEmpty() || Durations.saturatedAdd(nanos(), due.get().toNanos()) > end) {
        return Duration.ofNanos(nanos() - start);
      }
      advance(due.get());
    }
  }

  /** A task and its due time; cancellation only marks it, the queue drops it when it comes up. */
  private static final class Task implements Future<Object>, Comparable<Task> {
    private final Runnable action;
    private final long dueNanos;
    private final long order;
    private volatile int state; // 0 pending, 1 done, 2 cancelled

    Task(Runnable action, long dueNanos, long order) {
      this.action = action;
      this.dueNanos = dueNanos;
      this.order = order;
    }

    void run() {
      synchronized (this) {
        if (state != 0) {
          return;
        }
        state = 1;
      }
      action.run();
    }

    @Override
    public synchronized boolean cancel(boolean mayInterruptIfRunning) {
      if (state != 0) {
        return false;
      }
      state = 2;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return state == 2;
    }

    @Override
    public boolean isDone() {
      return state != 0;
    }

    @Override
    public Object get() throws ExecutionException {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws TimeoutException {
      return null;
    }

    @Override
    public int compareTo(Task that) {
      int byDue = Long.compare(dueNanos, that.dueNanos);
      return byDue != 0 ? byDue : Long.compare(order, that.order);
    }

    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
