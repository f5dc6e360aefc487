package dev.lifeline.internal.health;

import java.util.Arrays;

/**
 * A fixed set of counters over a time-based sliding window: each counter is the sum of what was
 * added in the buckets still inside the window.
 *
 * <p>Running totals are kept beside the buckets, so adding and reading are O(counters); a bucket's
 * counts leave the totals once, when the window slides past it. A moment older than the newest one
 * seen counts in the newest bucket: threads that read the ticker and then race to the lock never
 * write into a bucket the window has left. Thread-safe: one short critical section per call.
 */
final class CountWindow {

  private final BucketRing ring;
  private final long[][] slots;
  private final long[] epochs;
  private final long[] totals;
  private long newest = BucketRing.EMPTY;

  CountWindow(BucketRing ring, int counters) {
    this.ring = ring;
    this.slots = new long[ring.buckets()][counters];
    this.epochs = new long[ring.buckets()];
    this.totals = new long[counters];
    Arrays.fill(epochs, BucketRing.EMPTY);
  }

  /** Adds one to each of {@code counters} at {@code nanos}, as one step. */
  synchronized void increment(long nanos, int... counters) {
    int slot = slotAt(nanos);
    for (int counter : counters) {
      slots[slot][counter]++;
      totals[counter]++;
    }
  }

  /**
   * Adds one to each of {@code counters} at {@code nanos}, as one step, and returns every counter
   * summed over the window then; a fresh array.
   */
  synchronized long[] incrementAndSum(long nanos, int... counters) {
    int slot = slotAt(nanos);
    for (int counter : counters) {
      slots[slot][counter]++;
      totals[counter]++;
    }
    return totals.clone();
  }

  /** Every counter summed over the window that ends at {@code nanos}; a fresh array. */
  synchronized long[] totals(long nanos) {
    slide(ring.epochOf(nanos));
    return totals.clone();
  }

  /** Forgets everything counted so far. */
  synchronized void clear() {
    for (long[] slot : slots) {
      Arrays.fill(slot, 0);
    }
    Arrays.fill(epochs, BucketRing.EMPTY);
    Arrays.fill(totals, 0);
  }

  /** The slot for {@code nanos}, after sliding the window there. Caller holds the lock. */
  private int slotAt(long nanos) {
    long epoch = slide(ring.epochOf(nanos));
    int slot = ring.slotOf(epoch);
    epochs[slot] = epoch;
    return slot;
  }

  /** Expires buckets that left the window; returns the epoch to write in. Caller holds the lock. */
  private long slide(long epoch) {
    if (epoch <= newest) {
      return newest;
    }
    newest = epoch;
    for (int slot = 0; slot < epochs.length; slot++) {
      if (epochs[slot] != BucketRing.EMPTY && !ring.isLive(epochs[slot], epoch)) {
        long[] counts = slots[slot];
        for (int counter = 0; counter < counts.length; counter++) {
          totals[counter] -= counts[counter];
          counts[counter] = 0;
        }
        epochs[slot] = BucketRing.EMPTY;
      }
    }
    return epoch;
  }
}
