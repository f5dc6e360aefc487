package dev.lifeline.store.redis;

import dev.lifeline.state.SharedLimits;
import dev.lifeline.state.StateStoreException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's client-side limit counters in Redis, behind {@link RedisStateStore}'s {@link
 * SharedLimits}: per deployment, requests and tokens per window, both checked and taken by one Lua
 * script, so that two replicas never both take the last slot and a request is never counted without
 * its tokens. Like {@link RateBudgets}, windows are numbered on Redis's own clock and expire two
 * windows after they began; unlike it, a take also weighs the previous window by the share of it
 * still inside a sliding window ending now, so a burst at the end of one window and another at the
 * start of the next cannot add up to twice the limit (the approximation counts the previous
 * window's takes as spread evenly).
 *
 * <p>Corrections (the usage an answer reported, less its estimate) are added up here and sent with
 * the deployment's next take: no command of their own, none on an answer's path.
 */
final class SharedLimitCounts {
  /**
   * KEYS[1] the deployment's prefix; ARGV: window ms, requests per window, tokens per window,
   * tokens wanted, a token correction. Returns 0 (taken) or the milliseconds, at least 1, until the
   * take may fit.
   */
  private static final String TAKE =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local window = tonumber(ARGV[1])\n"
          + "local n = math.floor(now / window)\n"
          + "local into = now - n * window\n"
          + "local function key(kind, w) return KEYS[1] .. ':' .. kind .. ':' .. w end\n"
          + "local function add(kind, amount)\n"
          + "  redis.call('INCRBY', key(kind, n), amount)\n"
          + "  redis.call('PEXPIRE', key(kind, n), 2 * window)\n"
          + "end\n"
          + "local correction = tonumber(ARGV[5])\n"
          + "if correction ~= 0 then add('t', correction) end\n"
          + "local wait = 0\n"
          + "local function check(kind, limit, cost)\n"
          + "  if limit <= 0 then return end\n"
          + "  local current = tonumber(redis.call('GET', key(kind, n)) or '0')\n"
          + "  local previous = tonumber(redis.call('GET', key(kind, n - 1)) or '0')\n"
          + "  local room = limit - current - cost\n"
          + "  if room < 0 then\n"
          + "    wait = math.max(wait, window - into)\n"
          + "  elseif previous * (window - into) > room * window then\n"
          + "    local fits = math.ceil(window * (1 - room / previous))\n"
          + "    wait = math.max(wait, math.max(1, fits - into))\n"
          + "  end\n"
          + "end\n"
          + "local tokens = tonumber(ARGV[4])\n"
          + "check('r', tonumber(ARGV[2]), 1)\n"
          + "check('t', tonumber(ARGV[3]), math.min(tokens, tonumber(ARGV[3])))\n"
          + "if wait > 0 then return wait end\n"
          + "if tonumber(ARGV[2]) > 0 then add('r', 1) end\n"
          + "if tonumber(ARGV[3]) > 0 and tokens > 0 then add('t', tokens) end\n"
          + "return 0\n";

  private static final long MINUTE_MILLIS = TimeUnit.MINUTES.toMillis(1);

  private final RedisLink link;
  private final KeySpace keys;
  private final long windowMillis;
  private final ConcurrentHashMap<String, AtomicLong> corrections = new ConcurrentHashMap<>();

  SharedLimitCounts(RedisLink link, KeySpace keys, Duration window) {
    this.link = link;
    this.keys = keys;
    this.windowMillis = window.toMillis();
  }

  /** See {@link SharedLimits#tryTake}: the per-minute limits scaled to the window. */
  long tryTake(String deployment, int requestsPerMinute, long tokensPerMinute, long tokens) {
    AtomicLong pending = corrections.get(deployment);
    long correction = pending == null ? 0 : pending.getAndSet(0);
    try {
      Long wait =
          link.call(
              "take a shared limit",
              redis ->
                  redis.eval(
                      TAKE,
                      ScriptOutputType.INTEGER,
                      new String[] {keys.limit(deployment)},
                      Long.toString(windowMillis),
                      Long.toString(perWindow(requestsPerMinute)),
                      Long.toString(perWindow(tokensPerMinute)),
                      Long.toString(Math.max(0, tokens)),
                      Long.toString(correction)));
      return wait == null || wait <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(wait);
    } catch (StateStoreException e) {
      if (correction != 0) {
        correct(deployment, correction); // sent with a later take
      }
      return SharedLimits.UNKNOWN;
    }
  }

  /** Keeps {@code tokens} to send with {@code deployment}'s next take. */
  void correct(String deployment, long tokens) {
    if (tokens != 0) {
      corrections.computeIfAbsent(deployment, d -> new AtomicLong()).addAndGet(tokens);
    }
  }

  /** A per-minute limit as a per-window one: 0 stays "no limit"; any other, at least 1. */
  private long perWindow(long perMinute) {
    if (perMinute <= 0) {
      return 0;
    }
    return Math.max(1, Math.round((double) perMinute * windowMillis / MINUTE_MILLIS));
  }
}
