package dev.lifeline.internal.health;

import java.time.Duration;

/**
 * The arithmetic of a time-based sliding window: which bucket a moment falls in, which ring slot
 * holds it, and whether a bucket is still inside the window.
 *
 * <p>A bucket's <em>epoch</em> is its index on the ticker's time line ({@code floorDiv(nanos,
 * bucketNanos)}), so two windows built from the same settings agree on bucket boundaries. Immutable
 * and thread-safe.
 */
final class BucketRing {

  /** The epoch of a slot that holds nothing. */
  static final long EMPTY = Long.MIN_VALUE;

  private final long bucketNanos;
  private final int buckets;

  BucketRing(Duration window, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1, was " + buckets);
    }
    this.buckets = buckets;
    this.bucketNanos = Math.max(1, window.toNanos() / buckets);
  }

  /** How many buckets, hence ring slots, the window has. */
  int buckets() {
    return buckets;
  }

  /** The epoch of the bucket that {@code nanos} falls in; ticker time may be negative. */
  long epochOf(long nanos) {
    return Math.floorDiv(nanos, bucketNanos);
  }

  /** The ring slot of {@code epoch}. */
  int slotOf(long epoch) {
    return (int) Math.floorMod(epoch, (long) buckets);
  }

  /**
   * Whether the bucket of {@code epoch} is inside the window that ends in the bucket {@code now}.
   */
  boolean isLive(long epoch, long now) {
    return epoch != EMPTY && epoch <= now && epoch > now - buckets;
  }
}
