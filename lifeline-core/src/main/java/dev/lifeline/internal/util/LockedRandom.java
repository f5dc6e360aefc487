package dev.lifeline.internal.util;

import java.util.random.RandomGenerator;

/**
 * Makes any random source safe to share between the threads of concurrent calls, keeping a seeded
 * source's sequence deterministic for a single-threaded test. Not API.
 */
public final class LockedRandom implements RandomGenerator {
  private final RandomGenerator delegate;

  /** Wraps {@code delegate}; every draw locks it. */
  public LockedRandom(RandomGenerator delegate) {
    this.delegate = delegate;
  }

  @Override
  public long nextLong() {
    synchronized (delegate) {
      return delegate.nextLong();
    }
  }
}
