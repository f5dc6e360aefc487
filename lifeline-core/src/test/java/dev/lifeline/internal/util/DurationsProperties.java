package dev.lifeline.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Durations} against exact arithmetic: it saturates exactly where the exact value leaves a
 * long.
 */
class DurationsProperties {

  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

  @Property(tries = 3000)
  void toNanosSaturatedIsTheExactValueClampedToALong(
      @ForAll("seconds") long seconds, @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
    Duration duration = Duration.ofSeconds(seconds, nano);
    BigInteger exact =
        BigInteger.valueOf(seconds)
            .multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(nano));

    assertThat(Durations.toNanosSaturated(duration)).isEqualTo(clampToLong(exact));
  }

  @Property(tries = 3000)
  void saturatedAddIsTheExactSumClampedToALong(@ForAll("longs") long a, @ForAll("longs") long b) {
    BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));

    assertThat(Durations.saturatedAdd(a, b)).isEqualTo(clampToLong(exact));
  }

  private static long clampToLong(BigInteger value) {
    return value.max(MIN).min(MAX).longValueExact();
  }

  /** Whole seconds, dense around the ±292-year edges where toNanos() starts to throw. */
  @Provide
  Arbitrary<Long> seconds() {
    long edge = Long.MAX_VALUE / 1_000_000_000L;
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(edge - 2, edge + 2),
        Arbitraries.longs().between(-edge - 2, -edge + 2),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L));
  }

  @Provide
  Arbitrary<Long> longs() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(Long.MAX_VALUE - 1000, Long.MAX_VALUE),
        Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE + 1000));
  }
}
