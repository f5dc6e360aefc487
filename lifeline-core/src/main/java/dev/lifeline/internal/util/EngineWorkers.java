package dev.lifeline.internal.util;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's own threads: a fixed, small number of daemon threads named {@code lifeline-worker-N}
 * that run everything of one engine that is neither on the caller's thread nor an HTTP client's
 * I/O: asynchronous calls after each attempt, and every task a timer fires. Tasks queue without
 * bound; they are short and never block, so a few threads serve any number of calls in flight.
 * Thread-safe. Not API.
 */
public final class EngineWorkers implements Executor, AutoCloseable {

  /** How long {@link #close()} waits for queued tasks before interrupting the workers. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ThreadPoolExecutor pool;

  /** {@code threads} workers, started on first use. */
  public EngineWorkers(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "lifeline-worker-" + count.incrementAndGet());
          thread.setDaemon(true); // never keeps a JVM alive that forgot to close its engine
          return thread;
        };
    this.pool =
        new ThreadPoolExecutor(
            threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
  }

  /**
   * The default size: every core, and at least two so one slow task never holds up all the others.
   */
  public static int defaultThreads() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs {@code task} on a worker.
   *
   * @throws java.util.concurrent.RejectedExecutionException once closed
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /**
   * These workers as an executor that never refuses: once they are closed, a task runs on the
   * thread that submits it, so a call waiting on it still ends.
   */
  public Executor orInline() {
    return task -> {
      try {
        pool.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        task.run();
      }
    };
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return pool.isShutdown();
  }

  /**
   * Stops accepting tasks, lets queued ones finish for up to {@link #CLOSE_WAIT}, then interrupts
   * the workers; idempotent. Does not wait when called from a worker, which would wait for itself.
   */
  @Override
  public void close() {
    pool.shutdown();
    if (Thread.currentThread().getName().startsWith("lifeline-worker-")) {
      return;
    }
    try {
      if (!pool.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EngineWorkers[" + pool.getMaximumPoolSize() + " threads]";
  }
}
