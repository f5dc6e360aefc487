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
 * <p>All three are one timer, checked against the time the exchange started and the time of the
 * last chunk (read from the ticker) when it fires, then set again for the next limit that could
 * pass: one task scheduled per exchange that ends within its idle timeout, instead of one per limit
 * and another when the head arrives (each a trip through the scheduler's lock, and often a wake-up
 * of its thread, on the way of every call). Before the head the timer fires no later than one idle
 * timeout after it was set, so that the idle timeout, once the head is in, is never checked late.
 */
final class ExchangeTimers {
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Timeouts timeouts;
  private final CompletableFuture<?> result;
  private final boolean timesFirstByte;
  private final long totalNanos;
  private final long firstByteNanos;
  private final long idleNanos;

  private volatile Future<?> timer;
  private volatile boolean headSeen;
  private volatile boolean cancelled;

  /** Ticker nanos when the request went out. */
  private long startNanos;

  /** Ticker nanos of the last chunk (or of the head of the response); read by the timer. */
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
    this.totalNanos = TransportFailures.saturatedNanos(timeouts.total());
    this.firstByteNanos = TransportFailures.saturatedNanos(timeouts.firstByte());
    this.idleNanos = TransportFailures.saturatedNanos(timeouts.idle());
  }

  /** The request is on its way: the timer starts. */
  void start() {
    startNanos = ticker.nanos();
    arm(startNanos);
  }

  /** The head of the response arrived: from now on, the idle timeout applies. */
  void headArrived() {
    lastActivity = ticker.nanos();
    headSeen = true;
  }

  /** A piece of the body arrived. */
  void activity() {
    lastActivity = ticker.nanos();
  }

  /** Stops the timer; idempotent. */
  void cancel() {
    cancelled = true;
    Future<?> armed = timer;
    if (armed != null) {
      armed.cancel(false);
    }
  }

  /** Sets the timer for the next limit that could pass after {@code now}. */
  private void arm(long now) {
    long elapsed = now - startNanos;
    long wait = totalNanos - elapsed;
    if (headSeen) {
      wait = Math.min(wait, idleNanos - (now - lastActivity));
    } else {
      if (timesFirstByte) {
        wait = Math.min(wait, firstByteNanos - elapsed);
      }
      wait = Math.min(wait, idleNanos); // the head may come at any moment: be back in time for it
    }
    timer = scheduler.schedule(this::fire, Duration.ofNanos(Math.max(0, wait)));
    if (cancelled || result.isDone()) {
      cancel(); // ended while arming: the owner's cancel may have missed this timer
    }
  }

  /** The timer fired: fails the exchange if a limit passed, else waits for the next one. */
  private void fire() {
    if (result.isDone() || cancelled) {
      return;
    }
    long now = ticker.nanos();
    long elapsed = now - startNanos;
    if (elapsed >= totalNanos) {
      result.completeExceptionally(TransportFailures.totalTimeout(timeouts.total()));
    } else if (!headSeen) {
      if (timesFirstByte && elapsed >= firstByteNanos) {
        result.completeExceptionally(TransportFailures.firstByteTimeout(timeouts.firstByte()));
      } else {
        arm(now);
      }
    } else if (now - lastActivity >= idleNanos) {
      result.completeExceptionally(TransportFailures.idleTimeout(timeouts.idle()));
    } else {
      arm(now);
    }
  }
}
