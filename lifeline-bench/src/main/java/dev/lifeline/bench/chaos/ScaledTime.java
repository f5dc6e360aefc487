package dev.lifeline.bench.chaos;

import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * Real time sped up {@code speed} times: a ticker that reads scenario time off the system clock and
 * a scheduler that waits {@code delay / speed} for real. The HTTP runner gives it to every
 * strategy, the engine and the adapters alike, so backoffs, Retry-After, circuit breakers and
 * timeouts all keep their scenario values while a scenario of hours plays in seconds. Thread-safe.
 */
final class ScaledTime implements Ticker, Scheduler {

  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final double speed;
  private final long startNanos = System.nanoTime();

  ScaledTime(double speed) {
    if (!(speed >= 1)) {
      throw new IllegalArgumentException("speed must be >= 1, was " + speed);
    }
    this.speed = speed;
  }

  double speed() {
    return speed;
  }

  /** Real time for a stretch of scenario time. */
  Duration real(Duration scenario) {
    return Duration.ofNanos((long) (scenario.toNanos() / speed));
  }

  @Override
  public long nanos() {
    return (long) ((System.nanoTime() - startNanos) * speed);
  }

  @Override
  public Instant now() {
    return ORIGIN.plusNanos(nanos());
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    return Scheduler.system().schedule(task, real(delay));
  }
}
