package dev.lifeline.time;

import java.time.Instant;

/**
 * The source of time for everything Lifeline measures or waits on.
 *
 * <p>The engine never reads {@code System.nanoTime()} or the wall clock directly; it asks its
 * ticker, so a test can run an hour of outage in a millisecond with {@link VirtualClock}.
 * Implementations must be thread-safe, fast and must not throw.
 */
public interface Ticker {

  /** Monotonic time in nanoseconds, with an arbitrary origin; only differences are meaningful. */
  long nanos();

  /** Wall-clock time, used only to turn absolute dates (an HTTP-date Retry-After) into waits. */
  Instant now();

  /** The system's monotonic and wall clocks. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The real clocks. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
