package dev.lifeline.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where hung, stalled and delayed exchanges wait: {@link #releaseAll()} (a reset) lets every
 * exchange waiting now go, {@link #close()} (a stop) lets every exchange go, now and later.
 */
final class ReleaseGate {

  private CountDownLatch latch = new CountDownLatch(1);
  private boolean closed;

  /** The latch an exchange starting now waits on. */
  synchronized CountDownLatch current() {
    return latch;
  }

  /** Releases the exchanges waiting now; later ones wait on a fresh latch. */
  synchronized void releaseAll() {
    latch.countDown();
    if (!closed) {
      latch = new CountDownLatch(1);
    }
  }

  /** Releases everything, for good. */
  synchronized void close() {
    closed = true;
    latch.countDown();
  }

  /**
   * Waits {@code delay}, or until released.
   *
   * @return true when released (the exchange should end at once)
   */
  static boolean await(CountDownLatch latch, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return latch.getCount() == 0;
    }
    try {
      return latch.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Waits until released. */
  static void awaitRelease(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
