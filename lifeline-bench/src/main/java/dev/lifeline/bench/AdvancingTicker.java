package dev.lifeline.bench;

import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system's clocks, moved ahead by every {@link #pass}: an in-process provider that passes its
 * latency here is measured by the engine as having taken it, without anyone waiting for it. Time
 * still flows as the system's does between passes. Thread-safe.
 */
final class AdvancingTicker implements Ticker {

  private final Ticker system = Ticker.system();
  private final AtomicLong ahead = new AtomicLong();

  /** Moves both clocks ahead by {@code duration}. */
  void pass(Duration duration) {
    ahead.addAndGet(duration.toNanos());
  }

  @Override
  public long nanos() {
    return system.nanos() + ahead.get();
  }

  @Override
  public Instant now() {
    return system.now().plusNanos(ahead.get());
  }
}
