package dev.lifeline.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-minute counters: no 60 seconds ever hold more than a limit; usage corrects estimates. */
class SlidingWindowCountersTest {

  private final VirtualClock clock = new VirtualClock();
  private final LimitCounters counters = LimitCounters.inMemory(clock);

  @Test
  void theRequestPastTheLimitWaitsUntilTheOldestLeavesTheWindow() {
    assertThat(counters.tryTake("a/m", 3, 0, 0)).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(counters.tryTake("a/m", 3, 0, 0)).isZero();
    assertThat(counters.tryTake("a/m", 3, 0, 0)).isZero();

    long wait = counters.tryTake("a/m", 3, 0, 0);

    assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofSeconds(50));
    assertThat(counters.used("a/m")).containsExactly(3, 0);
    clock.advance(Duration.ofNanos(wait));
    assertThat(counters.tryTake("a/m", 3, 0, 0)).isZero();
    assertThat(counters.used("a/m")).containsExactly(3, 0);
  }

  @Test
  void keysAreCountedApart() {
    assertThat(counters.tryTake("a/m", 1, 0, 0)).isZero();
    assertThat(counters.tryTake("b/m", 1, 0, 0)).isZero();
    assertThat(counters.tryTake("a/m", 1, 0, 0)).isPositive();
  }

  @Test
  void tokensAreEstimatedThenCorrectedByTheReportedUsage() {
    assertThat(counters.tryTake("a/m", 0, 1_000, 600)).isZero();
    // The next 600 would not fit beside the estimate...
    assertThat(counters.tryTake("a/m", 0, 1_000, 600)).isPositive();

    // ...but the answer used 200 tokens only: 400 given back.
    counters.correct("a/m", -400);

    assertThat(counters.used("a/m")).containsExactly(1, 200);
    assertThat(counters.tryTake("a/m", 0, 1_000, 600)).isZero();
    assertThat(counters.used("a/m")).containsExactly(2, 800);
  }

  @Test
  void aRequestLargerThanTheWholeTokenLimitGoesAloneInAnEmptyWindow() {
    assertThat(counters.tryTake("a/m", 0, 1_000, 5_000)).isZero();
    assertThat(counters.tryTake("a/m", 0, 1_000, 5_000)).isPositive();
    clock.advance(Duration.ofMinutes(1));
    assertThat(counters.tryTake("a/m", 0, 1_000, 5_000)).isZero();
  }

  @Test
  void aRefusedRequestTakesNothing() {
    assertThat(counters.tryTake("a/m", 1, 1_000, 100)).isZero();
    assertThat(counters.tryTake("a/m", 1, 1_000, 100)).isPositive();
    assertThat(counters.used("a/m")).containsExactly(1, 100);
  }
}
