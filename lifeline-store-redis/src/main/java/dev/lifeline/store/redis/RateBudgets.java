package dev.lifeline.store.redis;

import dev.lifeline.state.StateStoreException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Objects;

/**
 * Client-side rate budgets shared by every replica of an application: requests (or tokens) per
 * fixed window, counted atomically in Redis by a Lua script that reads the window from Redis's own
 * clock, so replicas' clocks need not agree. Each window's counter expires two windows after it
 * began. What the load balancer's limiter asks before it sends.
 *
 * <p>When Redis does not answer within the store's operation timeout, {@link #tryAcquire} answers
 * {@link Verdict#UNKNOWN} at once: the caller decides on its own state (a local share of the
 * budget), as nothing may wait on Redis. Thread-safe.
 */
public final class RateBudgets {
  /**
   * KEYS[1] the counter's prefix; ARGV[1] window ms, ARGV[2] limit, ARGV[3] cost. Returns what is
   * left in the window after the cost, or -1 (refused, nothing taken).
   */
  private static final String ACQUIRE =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local window = tonumber(ARGV[1])\n"
          + "local key = KEYS[1] .. ':' .. math.floor(now / window)\n"
          + "local used = tonumber(redis.call('GET', key) or '0')\n"
          + "local cost = tonumber(ARGV[3])\n"
          + "if used + cost > tonumber(ARGV[2]) then return -1 end\n"
          + "redis.call('INCRBY', key, cost)\n"
          + "redis.call('PEXPIRE', key, 2 * window)\n"
          + "return tonumber(ARGV[2]) - used - cost\n";

  private final RedisLink link;
  private final KeySpace keys;

  RateBudgets(RedisLink link, KeySpace keys) {
    this.link = link;
    this.keys = keys;
  }

  /** What the shared budget answered. */
  public enum Verdict {
    /** Within the budget: the cost was taken. */
    GRANTED,
    /** The window's budget is spent: nothing was taken. */
    REFUSED,
    /** Redis did not answer in time: decide locally. */
    UNKNOWN
  }

  /**
   * Takes {@code cost} from budget {@code name} (a deployment id, say), of {@code limit} per {@code
   * window}.
   *
   * @throws IllegalArgumentException if {@code limit} or {@code cost} is below 1, {@code cost}
   *     above {@code limit}, or {@code window} not in [1 ms, 1 day]
   */
  public Verdict tryAcquire(String name, long limit, Duration window, long cost) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(window, "window");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (cost < 1 || cost > limit) {
      throw new IllegalArgumentException("cost must be in [1, " + limit + "], was " + cost);
    }
    if (window.toMillis() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("window must be in [1 ms, 1 day], was " + window);
    }
    try {
      Long left =
          link.call(
              "count a rate budget",
              redis ->
                  redis.eval(
                      ACQUIRE,
                      ScriptOutputType.INTEGER,
                      new String[] {keys.rate(name)},
                      Long.toString(window.toMillis()),
                      Long.toString(limit),
                      Long.toString(cost)));
      return left != null && left >= 0 ? Verdict.GRANTED : Verdict.REFUSED;
    } catch (StateStoreException e) {
      return Verdict.UNKNOWN;
    }
  }
}
