package dev.lifeline.internal.routing;

import dev.lifeline.state.SharedLimits;
import dev.lifeline.time.Ticker;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slots behind {@code maxConcurrent}: how many calls a deployment may have in flight at once.
 * Alone, an engine counts its own calls against the limit. With a store that offers {@link
 * SharedLimits#tryEnter}, the store holds the fleet's slots, each under a lease id of this
 * engine's, and this engine's count only records what it holds; when the store cannot tell in time,
 * the engine keeps to {@code max(1, maxConcurrent / replicas)} on its own count, as {@link
 * FleetLimitCounters} does for the per-minute limits, and leaves the store alone for {@link
 * FleetLimitCounters#RETRY_STORE_AFTER}.
 *
 * <p>A slot the store granted is given back through {@link SharedLimits#exit}, which never blocks.
 * Thread-safe; no lock, so the store's answer is never awaited under one.
 */
final class ConcurrencySlots {
  private static final Logger LOG = LoggerFactory.getLogger(LimitCounters.class);

  /** How long a call at a concurrency limit waits before asking again: 50 ms. */
  static final long RECHECK_NANOS = 50_000_000L;

  /**
   * What {@link #enter} decided.
   *
   * @param waitNanos 0 when a slot was taken; else how long to wait before asking again
   * @param lease the store's lease of the slot taken, null when none (counted here alone)
   */
  record Slot(long waitNanos, String lease) {}

  private static final Slot LOCAL = new Slot(0, null);
  private static final Slot FULL = new Slot(RECHECK_NANOS, null);

  private final SharedLimits shared; // null: this engine alone
  private final Ticker ticker;
  private final int replicas;
  private final AtomicLong localUntil;
  // Lease ids need only be unique in the fleet, not secret or reproducible: a random prefix per
  // engine (an injected random may be seeded alike in every replica) and a counter.
  private final String leasePrefix = UUID.randomUUID().toString();
  private final AtomicLong leases = new AtomicLong();

  private ConcurrencySlots(SharedLimits shared, Ticker ticker) {
    this.shared = shared;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.replicas = shared == null ? 1 : Math.max(1, shared.replicas());
    this.localUntil = new AtomicLong(ticker.nanos());
  }

  /** Slots this engine counts alone. */
  static ConcurrencySlots local(Ticker ticker) {
    return new ConcurrencySlots(null, ticker);
  }

  /** Slots {@code shared} holds for the fleet, when not null; else this engine's alone. */
  static ConcurrencySlots of(SharedLimits shared, Ticker ticker) {
    return new ConcurrencySlots(shared, ticker);
  }

  /**
   * Takes a slot of {@code deployment} under {@code maxConcurrent} and counts it in {@code flying},
   * this engine's calls in flight there; takes nothing when none is free.
   */
  Slot enter(String deployment, int maxConcurrent, AtomicInteger flying) {
    if (shared == null) {
      return enterLocally(maxConcurrent, flying);
    }
    if (ticker.nanos() - localUntil.get() < 0) {
      return enterLocally(share(maxConcurrent), flying);
    }
    String lease = leasePrefix + ":" + leases.incrementAndGet();
    long wait;
    try {
      wait = shared.tryEnter(deployment, lease, maxConcurrent);
    } catch (RuntimeException e) {
      LOG.debug("shared limits threw; this engine counts its own calls in flight", e);
      wait = SharedLimits.UNKNOWN;
    }
    if (wait == 0) {
      flying.incrementAndGet(); // recorded, unchecked: the fleet had a slot
      return new Slot(0, lease);
    }
    if (wait > 0) {
      return new Slot(wait, null);
    }
    localUntil.set(ticker.nanos() + FleetLimitCounters.RETRY_STORE_AFTER.toNanos());
    return enterLocally(share(maxConcurrent), flying);
  }

  /** Gives back the store's slot {@code lease} of {@code deployment}; nothing when it is null. */
  void exit(String deployment, String lease) {
    if (lease == null || shared == null) {
      return;
    }
    try {
      shared.exit(deployment, lease);
    } catch (RuntimeException e) {
      LOG.debug("shared limits could not take back a slot of {}; its lease expires", deployment, e);
    }
  }

  private int share(int maxConcurrent) {
    return Math.max(1, maxConcurrent / replicas);
  }

  private static Slot enterLocally(int max, AtomicInteger flying) {
    while (true) {
      int now = flying.get();
      if (now >= max) {
        // No clock tells when a call in flight ends: ask again after a short while.
        return FULL;
      }
      if (flying.compareAndSet(now, now + 1)) {
        return LOCAL;
      }
    }
  }
}
