package dev.lifeline.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The sliding windows agree with a brute-force count of the events still inside the window. */
class WindowProperties {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = WINDOW.toNanos() / BUCKETS;

  @Property(tries = 200)
  void countsAndHistogramsHoldExactlyTheEventsOfTheLastBuckets(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3_000) Integer> stepsMillis,
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long origin) {
    BucketRing ring = new BucketRing(WINDOW, BUCKETS);
    CountWindow counts = new CountWindow(ring, 2);
    HistogramWindow histogram = new HistogramWindow(ring);
    List<Long> times = new ArrayList<>();
    long now = origin;
    for (int i = 0; i < stepsMillis.size(); i++) {
      now += stepsMillis.get(i) * 1_000_000L;
      times.add(now);
      counts.increment(now, i % 2);
      histogram.record(now, Duration.ofMillis(i));

      long expectedEven = 0;
      long expectedOdd = 0;
      long nowEpoch = Math.floorDiv(now, BUCKET_NANOS);
      for (int j = 0; j < times.size(); j++) {
        if (Math.floorDiv(times.get(j), BUCKET_NANOS) > nowEpoch - BUCKETS) {
          if (j % 2 == 0) {
            expectedEven++;
          } else {
            expectedOdd++;
          }
        }
      }
      assertThat(counts.totals(now)).containsExactly(expectedEven, expectedOdd);
      assertThat(histogram.count(now)).isEqualTo(expectedEven + expectedOdd);
    }
  }
}
