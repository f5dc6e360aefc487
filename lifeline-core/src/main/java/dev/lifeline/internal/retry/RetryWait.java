package dev.lifeline.internal.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * A wait before a retry, and where it came from.
 *
 * @param delay how long, zero or more
 * @param source who decided it
 */
public record RetryWait(Duration delay, Source source) {

  /** Who decided a wait. */
  public enum Source {
    /** The provider, in a Retry-After header, a reset header or its error body. */
    PROVIDER,
    /** Our own exponential backoff. */
    BACKOFF
  }

  /** Checks the parts. */
  public RetryWait {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(source, "source");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0, was " + delay);
    }
  }
}
