package dev.lifeline.testkit;

import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Where an exchange waits out a latency or a slow stream's pause: in real time, or on the server's
 * clock when that clock is also a {@link Scheduler} (a {@code VirtualClock}), so that the wait ends
 * when the test advances the clock past it, never by itself.
 */
final class Waiter {

  /** How often a virtual wait looks at the release latch; the wait's end is not polled. */
  private static final long RELEASE_POLL_MILLIS = 5;

  private final Scheduler clock;

  private Waiter(Scheduler clock) {
    this.clock = clock;
  }

  /** Waits on {@code ticker} when it is a scheduler too, else in real time. */
  static Waiter on(Ticker ticker) {
    return new Waiter(ticker instanceof Scheduler scheduler ? scheduler : null);
  }

  /** Whether waits are on a virtual clock. */
  boolean isVirtual() {
    return clock != null;
  }

  /**
   * Waits {@code delay}, or until {@code release} opens.
   *
   * @return true when released (the exchange should end at once)
   */
  boolean await(CountDownLatch release, Duration delay) {
    if (clock == null || delay.isZero() || delay.isNegative()) {
      return ReleaseGate.await(release, delay);
    }
    CountDownLatch due = new CountDownLatch(1);
    Future<?> task = clock.schedule(due::countDown, delay);
    try {
      // Two latches, one thread: wake on the due one, glance at the release one between naps.
      while (!due.await(RELEASE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (release.getCount() == 0) {
          task.cancel(false);
          return true;
        }
      }
      return release.getCount() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(false);
      return true;
    }
  }
}
