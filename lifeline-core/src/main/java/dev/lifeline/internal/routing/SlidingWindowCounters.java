package dev.lifeline.internal.routing;

import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LimitCounters} in memory: per key, a log of what was taken in the last 60 seconds, so no
 * 60 seconds ever hold more than a limit. A log of a few hundred entries per deployment costs less
 * than the call it guards. Thread-safe: each key's log has its own lock.
 */
final class SlidingWindowCounters implements LimitCounters {

  /** The window every per-minute limit is counted over. */
  static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

  private final Ticker ticker;
  private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();

  SlidingWindowCounters(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public long tryTake(String key, int requestsPerMinute, long tokensPerMinute, long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0, was " + tokens);
    }
    return logs.computeIfAbsent(key, k -> new Log())
        .tryTake(ticker.nanos(), requestsPerMinute, tokensPerMinute, tokens);
  }

  @Override
  public void correct(String key, long tokens) {
    if (tokens != 0) {
      logs.computeIfAbsent(key, k -> new Log()).add(ticker.nanos(), 0, tokens);
    }
  }

  @Override
  public long[] used(String key) {
    Log log = logs.get(key);
    return log == null ? new long[2] : log.used(ticker.nanos());
  }

  /** One key's entries, oldest first: {@code {nanos, requests, tokens}}. */
  private static final class Log {
    private final ArrayDeque<long[]> entries = new ArrayDeque<>();
    private long requests;
    private long tokens;

    synchronized long tryTake(long now, int requestLimit, long tokenLimit, long wanted) {
      expire(now);
      long wait = 0;
      if (requestLimit > 0 && requests + 1 > requestLimit) {
        wait = Math.max(wait, untilBelow(now, requests + 1 - requestLimit, true));
      }
      // A request larger than the whole limit waits for an empty window, then goes alone.
      long need = tokenLimit > 0 ? Math.min(wanted, tokenLimit) : 0;
      if (tokenLimit > 0 && tokens + need > tokenLimit) {
        wait = Math.max(wait, untilBelow(now, tokens + need - tokenLimit, false));
      }
      if (wait > 0) {
        return wait;
      }
      add(now, 1, wanted);
      return 0;
    }

    synchronized void add(long now, long requestCount, long tokenCount) {
      expire(now);
      entries.addLast(new long[] {now, requestCount, tokenCount});
      requests += requestCount;
      tokens += tokenCount;
    }

    synchronized long[] used(long now) {
      expire(now);
      return new long[] {requests, Math.max(0, tokens)};
    }

    /** Nanoseconds until entries holding {@code excess} requests (or tokens) have expired. */
    private long untilBelow(long now, long excess, boolean countRequests) {
      long freed = 0;
      Iterator<long[]> oldest = entries.iterator();
      while (oldest.hasNext()) {
        long[] entry = oldest.next();
        freed += countRequests ? entry[1] : entry[2];
        if (freed >= excess) {
          return Math.max(1, entry[0] + WINDOW_NANOS - now);
        }
      }
      return WINDOW_NANOS; // corrections gave tokens back that were never taken: a full window
    }

    private void expire(long now) {
      while (!entries.isEmpty() && entries.peekFirst()[0] + WINDOW_NANOS <= now) {
        long[] gone = entries.removeFirst();
        requests -= gone[1];
        tokens -= gone[2];
      }
    }
  }
}
