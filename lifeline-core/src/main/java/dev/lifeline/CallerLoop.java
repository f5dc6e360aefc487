package dev.lifeline;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The thread of a blocking call as the executor of that call's steps: tasks queue here and the
 * caller, waiting in {@link SelfHealingEngine#call}, runs them. A blocking call then settles each
 * attempt, validates its answer and records it on its own thread, never on the HTTP client's I/O
 * thread and with no hop through the engine's workers. Once the caller stops draining, tasks run
 * where they are submitted. Not API.
 */
final class CallerLoop implements Executor {
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private volatile boolean draining = true;

  @Override
  public void execute(Runnable task) {
    if (!draining) {
      task.run();
      return;
    }
    tasks.add(task);
    if (!draining) {
      runQueued(); // the caller left between the check and the add: nobody else will
    }
  }

  /**
   * Runs queued tasks until {@code done} holds, waiting for the next one between.
   *
   * @throws InterruptedException if the caller is interrupted while waiting
   */
  void drainUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      tasks.take().run();
    }
  }

  /** The caller stops draining: what is queued runs now, what comes later runs where it comes. */
  void stop() {
    draining = false;
    runQueued();
  }

  /** Wakes the caller without giving it work (the call ended on another thread). */
  void wake() {
    execute(() -> {});
  }

  private void runQueued() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }
}
