package dev.lifeline.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.retry.Jitter;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Backoff stays within its bounds for any base, max, retry number and random stream. */
class BackoffProperties {

  @Property
  void fullJitterStaysWithinZeroAndTheExponentialCeiling(
      @ForAll @LongRange(min = 1, max = 60_000) long baseMillis,
      @ForAll @LongRange(min = 0, max = 600_000) long extraMillis,
      @ForAll @IntRange(min = 1, max = 1_000) int retry,
      @ForAll long seed) {
    Duration base = Duration.ofMillis(baseMillis);
    Duration max = base.plusMillis(extraMillis);
    Duration delay =
        new Backoff(base, max, Jitter.FULL).delay(retry, null, new SplittableRandom(seed));

    double ceiling =
        Math.min(max.toNanos(), baseMillis * 1e6 * Math.pow(2, Math.min(retry - 1, 62)));
    assertThat(delay).isBetween(Duration.ZERO, max);
    assertThat((double) delay.toNanos()).isLessThanOrEqualTo(ceiling);
  }

  @Property
  void decorrelatedJitterStaysWithinBaseAndMax(
      @ForAll @LongRange(min = 1, max = 60_000) long baseMillis,
      @ForAll @LongRange(min = 0, max = 600_000) long extraMillis,
      @ForAll @IntRange(min = 1, max = 50) int retries,
      @ForAll long seed) {
    Duration base = Duration.ofMillis(baseMillis);
    Duration max = base.plusMillis(extraMillis);
    Backoff backoff = new Backoff(base, max, Jitter.DECORRELATED);
    SplittableRandom random = new SplittableRandom(seed);
    Duration previous = null;
    for (int retry = 1; retry <= retries; retry++) {
      Duration delay = backoff.delay(retry, previous, random);
      assertThat(delay).isBetween(base, max);
      if (previous != null) {
        assertThat(delay.toNanos())
            .isLessThanOrEqualTo(
                Math.max(base.toNanos(), Math.min(max.toNanos(), previous.toNanos() * 3)));
      }
      previous = delay;
    }
  }

  @Property
  void noJitterDoublesUntilTheMax(
      @ForAll @LongRange(min = 1, max = 10_000) long baseMillis,
      @ForAll @IntRange(min = 1, max = 200) int retry) {
    Duration max = Duration.ofSeconds(30).plusMillis(baseMillis);
    Duration delay =
        new Backoff(Duration.ofMillis(baseMillis), max, Jitter.NONE)
            .delay(retry, null, new SplittableRandom());

    double expected = Math.min(max.toMillis(), baseMillis * Math.pow(2, retry - 1));
    assertThat((double) delay.toMillis()).isEqualTo(expected);
  }
}
