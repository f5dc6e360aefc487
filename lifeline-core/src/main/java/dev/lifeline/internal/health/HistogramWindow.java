package dev.lifeline.internal.health;

import java.time.Duration;
import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Durations over a time-based sliding window, with percentiles to three significant digits.
 *
 * <p>One HdrHistogram per bucket plus a running total: recording touches two histograms (O(1)); a
 * percentile reads the total only; a bucket leaves the total once, by subtraction, when the window
 * slides past it. Values are microseconds, so a 5 ms time-to-first-token is as precise as a 50 s
 * completion (within 0.1%). Histograms are created on first use and grow only to the largest value
 * recorded (int counts, about 70 KB for values up to a minute). Thread-safe: one short critical
 * section per call.
 */
final class HistogramWindow {

  /** Three significant digits: every percentile is within 0.1% of the exact sample value. */
  private static final int SIGNIFICANT_DIGITS = 3;

  /** Longer values are recorded as one hour: no attempt lasts that long, and it bounds memory. */
  private static final long MAX_MICROS = Duration.ofHours(1).toNanos() / 1_000;

  private final BucketRing ring;
  private final AbstractHistogram[] slots;
  private final long[] epochs;
  private AbstractHistogram total; // null until the first value
  private long newest = BucketRing.EMPTY;

  /**
   * Bumped whenever {@link #total} changes. Reading a percentile walks the histogram's counts (tens
   * of thousands of slots for values in the seconds), so the last answer is kept until the next
   * change: exact, and routing that reads percentiles on every call pays the walk once per recorded
   * value.
   */
  private long changes;

  private long cachedAtChange = -1;
  private double[] cachedFor;
  private Duration[] cached;

  HistogramWindow(BucketRing ring) {
    this.ring = ring;
    this.slots = new AbstractHistogram[ring.buckets()];
    this.epochs = new long[ring.buckets()];
    Arrays.fill(epochs, BucketRing.EMPTY);
  }

  /** Records {@code duration} at {@code nanos}; negative durations count as zero. */
  synchronized void record(long nanos, Duration duration) {
    long micros = duration.isNegative() ? 0 : Math.min(MAX_MICROS, toMicros(duration));
    long epoch = slide(ring.epochOf(nanos));
    int slot = ring.slotOf(epoch);
    if (slots[slot] == null) {
      slots[slot] = newHistogram();
    }
    if (total == null) {
      total = newHistogram();
    }
    epochs[slot] = epoch;
    slots[slot].recordValue(micros);
    total.recordValue(micros);
    changes++;
  }

  /**
   * The values at {@code percentiles} (each in [0, 100]) over the window that ends at {@code
   * nanos}, or null when the window holds no value. The array may be shared with other callers:
   * read it, do not change it.
   */
  synchronized Duration[] percentiles(long nanos, double... percentiles) {
    slide(ring.epochOf(nanos));
    if (total == null || total.getTotalCount() == 0) {
      return null;
    }
    if (cachedAtChange == changes && Arrays.equals(cachedFor, percentiles)) {
      return cached;
    }
    Duration[] values = new Duration[percentiles.length];
    for (int i = 0; i < percentiles.length; i++) {
      values[i] = Duration.ofNanos(total.getValueAtPercentile(percentiles[i]) * 1_000);
    }
    cachedAtChange = changes;
    cachedFor = percentiles.clone();
    cached = values;
    return values;
  }

  /** How many values the window that ends at {@code nanos} holds. */
  synchronized long count(long nanos) {
    slide(ring.epochOf(nanos));
    return total == null ? 0 : total.getTotalCount();
  }

  private long slide(long epoch) {
    if (epoch <= newest) {
      return newest;
    }
    newest = epoch;
    for (int slot = 0; slot < epochs.length; slot++) {
      if (epochs[slot] != BucketRing.EMPTY && !ring.isLive(epochs[slot], epoch)) {
        total.subtract(slots[slot]);
        changes++;
        slots[slot].reset(); // keeps its array: the bucket will be reused in a window's time
        epochs[slot] = BucketRing.EMPTY;
      }
    }
    return epoch;
  }

  private static AbstractHistogram newHistogram() {
    // Auto-resizing: memory follows the largest value actually recorded.
    return new IntCountsHistogram(SIGNIFICANT_DIGITS);
  }

  private static long toMicros(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds >= MAX_MICROS / 1_000_000) {
      return MAX_MICROS;
    }
    return seconds * 1_000_000 + duration.getNano() / 1_000;
  }
}
