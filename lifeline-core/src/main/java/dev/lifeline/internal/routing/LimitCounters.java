package dev.lifeline.internal.routing;

import dev.lifeline.routing.DeploymentLimits;
import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;

/**
 * The per-minute counters behind {@link DeploymentLimits}: how many requests and tokens each key (a
 * deployment's id) took in the last 60 seconds. The engine keeps its own in memory ({@link
 * #inMemory}); with a store that offers {@link SharedLimits} (Redis), a limit holds for all
 * replicas together ({@link #fleet}).
 *
 * <p>Implementations are thread-safe, fast, and take one request and its tokens atomically: two
 * callers never both take the last slot.
 */
public interface LimitCounters {

  /**
   * Takes one request and {@code tokens} tokens from {@code key}'s window when both fit under the
   * limits; takes nothing otherwise.
   *
   * @param key the deployment's id
   * @param requestsPerMinute the request limit, 0 for none
   * @param tokensPerMinute the token limit, 0 for none
   * @param tokens the tokens the request is expected to use, 0 or more
   * @return 0 when taken; otherwise how long, in nanoseconds (at least 1), until they may fit
   */
  long tryTake(String key, int requestsPerMinute, long tokensPerMinute, long tokens);

  /**
   * Adds {@code tokens} (negative to give back) to what {@code key} took in its current window: the
   * usage an answer reported corrects the estimate taken when it started.
   */
  void correct(String key, long tokens);

  /**
   * Requests and tokens {@code key} took in the last 60 seconds, as {@code {requests, tokens}}:
   * what room a {@code HEADROOM} group sees.
   */
  long[] used(String key);

  /** Counters in this process, on {@code ticker}'s time. */
  static LimitCounters inMemory(Ticker ticker) {
    return new SlidingWindowCounters(ticker);
  }

  /**
   * Counters that {@code shared} decides for the whole fleet, falling back to counters in this
   * process, on a share of each limit, whenever it cannot tell in time.
   */
  static LimitCounters fleet(SharedLimits shared, Ticker ticker) {
    return new FleetLimitCounters(shared, inMemory(ticker), ticker);
  }
}
