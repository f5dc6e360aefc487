package dev.lifeline.spring.boot;

import dev.lifeline.time.Ticker;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine's clock in a test: it stands still until the test moves it, so cooldowns end when the
 * test says. Only a {@link Ticker}: the engine keeps its real scheduler for HTTP timeouts.
 */
final class ManualTicker implements Ticker {
  private final VirtualClock clock = new VirtualClock();

  @Override
  public long nanos() {
    return clock.nanos();
  }

  @Override
  public Instant now() {
    return clock.now();
  }

  void advance(Duration duration) {
    clock.advance(duration);
  }
}
