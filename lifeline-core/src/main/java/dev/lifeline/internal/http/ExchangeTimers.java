package dev.lifeline.internal.http;

import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The timers of one exchange: the total timeout, the idle timeout after the head, and (where the
 * client does not time it) the first-byte timeout. Each fails the exchange's result with a {@code
 * TIMEOUT}; cancelling them is the result's owner's job once it completes ({@link #cancel()}).
 *
 * <p>The idle timeout is one timer per exchange checked against the time of the last chunk (read
 * from the ticker), not a timer re-armed per chunk.
 */
final class ExchangeTimers {
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Timeouts timeouts;
  private final CompletableFuture<?> result;
  private final boolean timesFirstByte;

  private volatile Future<?> total;
  private volatile Future<?> quiet;
  private volatile boolean headSeen;

  /** Ticker nanos of the last chunk (or of the head of the response); read by the idle timer. */
  private volatile long lastActivity;

  /**
   * Timers failing {@code result}.
   *
   * @param timesFirstByte whether to time the first byte here (the client does not)
   */
  ExchangeTimers(
      Scheduler scheduler,
      Ticker ticker,
      Timeouts timeouts,
      CompletableFuture<?> result,
      boolean timesFirstByte) {
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.timeouts = timeouts;
    this.result = result;
    this.timesFirstByte = timesFirstByte;
  }

  /** The request is on its way: the total timer, and the first-byte one if it is ours, start. */
  void start() {
    total =
        scheduler.schedule(
            () -> result.completeExceptionally(TransportFailures.totalTimeout(timeouts.total())),
            timeouts.total());
    if (timesFirstByte && !headSeen) {
      quiet = scheduler.schedule(this::checkFirstByte, timeouts.firstByte());
    }
    if (result.isDone()) {
      cancel(); // ended before the timers were set (a head rejected at once)
    }
  }

  /** The head of the response arrived: from now on, the idle timeout applies. */
  void headArrived() {
    lastActivity = ticker.nanos();
    headSeen = true;
    Future<?> firstByte = quiet;
    if (firstByte != null) {
      firstByte.cancel(false);
    }
    if (!result.isDone()) {
      quiet = scheduler.schedule(this::checkIdle, timeouts.idle());
      if (result.isDone()) {
        cancel(); // ended while arming: the owner's cancel may have missed this timer
      }
    }
  }

  /** A piece of the body arrived. */
  void activity() {
    lastActivity = ticker.nanos();
  }

  /** Stops every timer; idempotent. */
  void cancel() {
    Future<?> idle = quiet;
    if (idle != null) {
      idle.cancel(false);
    }
    Future<?> whole = total;
    if (whole != null) {
      whole.cancel(false);
    }
  }

  private void checkFirstByte() {
    if (!headSeen) {
      result.completeExceptionally(TransportFailures.firstByteTimeout(timeouts.firstByte()));
    }
  }

  /**
   * The idle timer fired: times out if nothing arrived for the idle timeout, else waits again for
   * what is left of it after the last chunk.
   */
  private void checkIdle() {
    if (result.isDone()) {
      return;
    }
    long idle = TransportFailures.saturatedNanos(timeouts.idle());
    long silent = ticker.nanos() - lastActivity;
    if (silent >= idle) {
      result.completeExceptionally(TransportFailures.idleTimeout(timeouts.idle()));
      return;
    }
    quiet = scheduler.schedule(this::checkIdle, Duration.ofNanos(idle - silent));
    if (result.isDone()) {
      cancel(); // ended while re-arming: the owner's cancel may have missed this timer
    }
  }
}
