package dev.lifeline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

  /**
   * A slice of {@code calls} calls that each took {@code micros}, in {@code millis} of wall time.
   */
  private static Sample slice(int calls, long micros, long millis, long allocatedBytes) {
    Sample s = new Sample();
    for (int i = 0; i < calls; i++) {
      s.latency.recordValue(micros);
    }
    s.elapsedNanos = millis * 1_000_000;
    s.allocatedBytes = allocatedBytes;
    return s;
  }

  @Test
  void eachRoundIsDividedByTheBaselinesSameRoundAndTheMedianIsReported() {
    // The machine slows down twofold in round 2 and fourfold in round 3, for both alike: the
    // contender is 1.2x the baseline's latency in every round.
    List<Sample> bare =
        List.of(
            slice(100, 1000, 100, 1000), slice(100, 2000, 200, 1000), slice(100, 4000, 400, 1000));
    List<Sample> other =
        List.of(
            slice(100, 1200, 100, 900), slice(100, 2400, 250, 1100), slice(100, 4800, 400, 800));

    PairedRatios ratios = PairedRatios.of(bare, other);

    assertThat(ratios.rounds()).isEqualTo(3);
    assertThat(ratios.p50().median()).isCloseTo(1.2, within(0.01));
    assertThat(ratios.p50().low()).isCloseTo(1.2, within(0.01));
    assertThat(ratios.p50().high()).isCloseTo(1.2, within(0.01));
    assertThat(ratios.throughput().median()).isCloseTo(1.0, within(1e-9));
    assertThat(ratios.throughput().low()).isCloseTo(0.8, within(1e-9));
    assertThat(ratios.allocation().median()).isCloseTo(0.9, within(1e-9));
    assertThat(ratios.allocation().high()).isCloseTo(1.1, within(1e-9));
    // Pooled over the run, the same figures would blur: the slow rounds dominate the percentiles.
    Sample pooledBare = new Sample();
    bare.forEach(pooledBare::add);
    assertThat(pooledBare.latency.getValueAtPercentile(50)).isGreaterThan(1500);
  }

  @Test
  void anEvenCountTakesTheMeanOfTheTwoMiddleRatios() {
    List<Sample> bare =
        List.of(
            slice(10, 1000, 10, 0),
            slice(10, 1000, 10, 0),
            slice(10, 1000, 10, 0),
            slice(10, 1000, 10, 0));
    List<Sample> other =
        List.of(
            slice(10, 900, 10, 0),
            slice(10, 5000, 10, 0),
            slice(10, 1100, 10, 0),
            slice(10, 1000, 10, 0));

    PairedRatios.Spread p50 = PairedRatios.of(bare, other).p50();

    // One outlier round (5x) moves the median not at all beyond its neighbours.
    assertThat(p50.median()).isCloseTo(1.05, within(0.01));
    assertThat(p50.low()).isCloseTo(0.9, within(0.01));
    assertThat(p50.high()).isCloseTo(5.0, within(0.01));
  }

  @Test
  void aRoundWithoutAFigureOnEitherSideIsLeftOutNotCountedAsZero() {
    List<Sample> bare = List.of(slice(10, 1000, 10, 100), slice(0, 0, 10, 0));
    List<Sample> other = List.of(slice(10, 2000, 10, 100), slice(10, 1000, 10, 100));

    PairedRatios ratios = PairedRatios.of(bare, other);

    assertThat(ratios.rounds()).isEqualTo(1);
    assertThat(ratios.p50().median()).isCloseTo(2.0, within(0.01));
    assertThat(ratios.throughput().median()).isCloseTo(1.0, within(1e-9));
    // No stream ran: no time to first delta on either side, so no ratio at all.
    assertThat(ratios.firstDeltaP50().known()).isFalse();
    assertThat(ratios.firstDeltaP50().median()).isNaN();
  }

  @Test
  void theBaselineAgainstItselfIsOneAndUnequalRoundCountsAreRefused() {
    List<Sample> bare = List.of(slice(10, 1000, 10, 100), slice(10, 3000, 30, 100));

    PairedRatios self = PairedRatios.of(bare, bare);

    assertThat(self.p50().median()).isEqualTo(1.0);
    assertThat(self.p99().median()).isEqualTo(1.0);
    assertThat(self.throughput().median()).isEqualTo(1.0);
    assertThatThrownBy(() -> PairedRatios.of(bare, List.of(bare.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rounds differ: baseline 2, contender 1");
  }
}
