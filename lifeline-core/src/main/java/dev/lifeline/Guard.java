package dev.lifeline;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs bookkeeping that must never fail a call (health, learning, timing): a throw is logged and a
 * fallback used. Not API.
 */
final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

  private Guard() {}

  /** {@code work}'s value, or {@code fallback} if it threw anything at all. */
  static <T> T get(String what, T fallback, Supplier<T> work) {
    try {
      return work.get();
    } catch (Throwable e) {
      LOG.warn("{} threw; the call goes on without it", what, e);
      return fallback;
    }
  }

  /** Runs {@code work}; a throw is logged. */
  static void run(String what, Runnable work) {
    get(
        what,
        null,
        () -> {
          work.run();
          return null;
        });
  }
}
