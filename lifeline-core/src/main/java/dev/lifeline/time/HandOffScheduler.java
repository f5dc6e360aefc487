package dev.lifeline.time;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A scheduler whose timer only hands fired tasks to an executor; see {@link
 * Scheduler#handingOff(Scheduler, Executor)}. Thread-safe.
 */
final class HandOffScheduler implements Scheduler {

  private final Scheduler timer;
  private final Executor executor;

  HandOffScheduler(Scheduler timer, Executor executor) {
    this.timer = timer;
    this.executor = executor;
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    Handle handle = new Handle(task);
    handle.timer = timer.schedule(handle::handOff, delay);
    return handle;
  }

  @Override
  public String toString() {
    return timer + " handing off to " + executor;
  }

  /** The task, cancellable until the executor starts it; cancelling also drops the timer entry. */
  private final class Handle extends FutureTask<Void> {
    private volatile Future<?> timer;

    Handle(Runnable task) {
      super(task, null);
    }

    void handOff() {
      if (isDone()) {
        return; // cancelled between firing and now
      }
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        run(); // the executor is shut down: run here rather than lose a call waiting on this task
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      Future<?> scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      return super.cancel(mayInterruptIfRunning);
    }
  }
}
