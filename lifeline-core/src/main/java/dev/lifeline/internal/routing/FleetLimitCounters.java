package dev.lifeline.internal.routing;

import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LimitCounters} for a fleet: the {@link SharedLimits} of a shared store decide, so that a
 * limit holds for all replicas together; this engine's own counters record what it took, and decide
 * alone, on {@code limit / replicas} of each limit, whenever the store cannot tell in time.
 *
 * <p>Why the local share and not the whole limit: it is what keeps the fleet under the limit while
 * the store is away. {@link SharedLimits#replicas()} is 1 unless the store was told the fleet's
 * size, so by default each replica keeps the whole limit during an outage, as it would without
 * sharing: a wrong replica count must not starve a fleet that scaled down, and the 429s an
 * overshoot may draw are handled as always. Because every attempt the store granted is also
 * recorded here, the local share starts from this replica's real use of the last minute.
 *
 * <p>A store that did not answer is not asked again for {@link #RETRY_STORE_AFTER}: at most one
 * call in that time pays the store's timeout. Thread-safe.
 */
final class FleetLimitCounters implements LimitCounters {
  private static final Logger LOG = LoggerFactory.getLogger(LimitCounters.class);

  /**
   * How long the engine keeps to its own counters after the store failed to answer: long enough
   * that a slow store costs at most one call a second its timeout, short enough that sharing
   * resumes soon after the store does.
   */
  static final Duration RETRY_STORE_AFTER = Duration.ofSeconds(1);

  private final SharedLimits shared;
  private final LimitCounters local;
  private final Ticker ticker;
  private final int replicas;
  private final AtomicLong localUntil;

  FleetLimitCounters(SharedLimits shared, LimitCounters local, Ticker ticker) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.local = Objects.requireNonNull(local, "local");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.replicas = Math.max(1, shared.replicas());
    this.localUntil = new AtomicLong(ticker.nanos());
  }

  @Override
  public long tryTake(String key, int requestsPerMinute, long tokensPerMinute, long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0, was " + tokens);
    }
    long now = ticker.nanos();
    long wait =
        now - localUntil.get() < 0
            ? SharedLimits.UNKNOWN
            : ask(key, requestsPerMinute, tokensPerMinute, tokens);
    if (wait == 0) {
      local.tryTake(key, 0, 0, tokens); // recorded, unchecked: the fleet's budget allowed it
      return 0;
    }
    if (wait > 0) {
      return wait;
    }
    return local.tryTake(key, share(requestsPerMinute), share(tokensPerMinute), tokens);
  }

  @Override
  public void correct(String key, long tokens) {
    local.correct(key, tokens);
    try {
      shared.correct(key, tokens);
    } catch (RuntimeException e) {
      LOG.debug("shared limits could not take a correction of {}", key, e);
    }
  }

  /** What this engine took in the last minute: its own use, which a headroom balance compares. */
  @Override
  public long[] used(String key) {
    return local.used(key);
  }

  private long ask(String key, int requestsPerMinute, long tokensPerMinute, long tokens) {
    long wait;
    try {
      wait = shared.tryTake(key, requestsPerMinute, tokensPerMinute, tokens);
    } catch (RuntimeException e) {
      LOG.debug("shared limits threw; this engine decides on its own counters", e);
      wait = SharedLimits.UNKNOWN;
    }
    if (wait < 0) {
      localUntil.set(ticker.nanos() + RETRY_STORE_AFTER.toNanos());
      return SharedLimits.UNKNOWN;
    }
    return wait;
  }

  private int share(int limit) {
    return limit == 0 ? 0 : Math.max(1, limit / replicas);
  }

  private long share(long limit) {
    return limit == 0 ? 0 : Math.max(1, limit / replicas);
  }
}
