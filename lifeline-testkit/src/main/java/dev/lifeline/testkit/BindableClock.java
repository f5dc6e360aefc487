package dev.lifeline.testkit;

import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * A {@link ScriptedProvider}'s clock: one given to its builder, or else the system's until an
 * engine binds the provider to its own.
 */
final class BindableClock implements Ticker, Scheduler {

  private final boolean given;
  private volatile Ticker ticker;
  private volatile Scheduler scheduler;

  BindableClock(Ticker ticker, Scheduler scheduler, boolean given) {
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.given = given;
  }

  /** Adopts an engine's clock, unless the builder was given one. */
  void adopt(Ticker engineTicker, Scheduler engineScheduler) {
    if (!given) {
      ticker = engineTicker;
      scheduler = engineScheduler;
    }
  }

  @Override
  public long nanos() {
    return ticker.nanos();
  }

  @Override
  public Instant now() {
    return ticker.now();
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    return scheduler.schedule(task, delay);
  }

  @Override
  public String toString() {
    return String.valueOf(ticker);
  }
}
