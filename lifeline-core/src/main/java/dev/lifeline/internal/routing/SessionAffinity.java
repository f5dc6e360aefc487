package dev.lifeline.internal.routing;

import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which deployment last served each conversation (a caller's session key), so that its next turn
 * goes there again and the provider's prompt cache stays warm. Bounded: past {@code maxSessions}
 * the least recently used session is forgotten; a session unused for {@code ttl} is forgotten too.
 * Thread-safe (one lock; nothing slow under it).
 */
public final class SessionAffinity {

  private final Ticker ticker;
  private final long ttlNanos;
  private final Map<String, Binding> sessions;

  /**
   * Remembers up to {@code maxSessions} sessions for {@code ttl} each, on {@code ticker}'s time.
   *
   * @throws IllegalArgumentException if {@code maxSessions} is not in [1, 10,000,000] or {@code
   *     ttl} is not positive
   */
  public SessionAffinity(Ticker ticker, int maxSessions, Duration ttl) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    check(maxSessions, ttl);
    this.ttlNanos = ttl.toNanos();
    this.sessions =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Binding> eldest) {
            return size() > maxSessions;
          }
        };
  }

  /**
   * Checks the bounds of {@link #SessionAffinity}.
   *
   * @throws IllegalArgumentException if {@code maxSessions} is not in [1, 10,000,000] or {@code
   *     ttl} is not positive
   */
  public static void check(int maxSessions, Duration ttl) {
    if (maxSessions < 1 || maxSessions > 10_000_000) {
      throw new IllegalArgumentException(
          "maxSessions must be in [1, 10000000], was " + maxSessions);
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
  }

  /** The deployment id that last served {@code sessionKey}, or null (none, or expired). */
  public synchronized String deploymentOf(String sessionKey) {
    Binding binding = sessions.get(sessionKey);
    if (binding == null) {
      return null;
    }
    if (ticker.nanos() - binding.servedNanos() >= ttlNanos) {
      sessions.remove(sessionKey);
      return null;
    }
    return binding.deploymentId();
  }

  /** {@code deploymentId} served {@code sessionKey} now. */
  public synchronized void served(String sessionKey, String deploymentId) {
    sessions.put(sessionKey, new Binding(deploymentId, ticker.nanos()));
  }

  /** How many sessions are remembered (expired ones included until looked up). */
  public synchronized int size() {
    return sessions.size();
  }

  private record Binding(String deploymentId, long servedNanos) {}
}
