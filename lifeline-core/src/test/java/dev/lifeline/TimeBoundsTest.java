package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.internal.retry.Backoff;
import dev.lifeline.internal.retry.RetryAfter;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.retry.Jitter;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every user-supplied duration that becomes ticker time is checked against a documented bound and
 * refused with a message naming the argument, the value and the range — never an {@link
 * ArithmeticException}.
 */
class TimeBoundsTest {

  private static final Duration THREE_CENTURIES = Duration.ofDays(365L * 300);

  @Test
  void aDeadlineOfThreeCenturiesIsRefusedByTheBuilderWithTheRange() {
    assertThatThrownBy(() -> SelfHealingEngine.builder().deadline(THREE_CENTURIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadline must be positive and at most PT24H, was PT2628000H");
    assertThatThrownBy(
            () -> SelfHealingEngine.builder().deadline(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most PT24H");
    assertThat(SelfHealingEngine.builder().deadline(CallOptions.MAX_DEADLINE)).isNotNull();
  }

  @Test
  void aCallDeadlineOfThreeCenturiesIsRefusedByCallOptions() {
    assertThatThrownBy(() -> CallOptions.defaults().withDeadline(THREE_CENTURIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadline must be positive and at most PT24H, was PT2628000H");
    assertThatThrownBy(() -> CallOptions.defaults().withDeadline(Duration.ofHours(24).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most PT24H");
    assertThat(CallOptions.defaults().withDeadline(Duration.ofHours(24)).deadline())
        .contains(Duration.ofHours(24));
  }

  @Test
  void aTotalTimeoutOfThreeCenturiesIsRefusedNamingTheTimeout() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(
            () ->
                Timeouts.defaults()
                    .withConnect(second)
                    .withFirstByte(second)
                    .withIdle(second)
                    .withTotal(THREE_CENTURIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("total timeout must be positive and at most PT24H, was PT2628000H");
    assertThatThrownBy(
            () ->
                Timeouts.defaults()
                    .withConnect(Duration.ofSeconds(Long.MAX_VALUE))
                    .withFirstByte(second)
                    .withIdle(second)
                    .withTotal(second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("connect timeout must be positive and at most PT24H");
    assertThatThrownBy(() -> Timeouts.all(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("connect timeout must be positive");
    assertThat(Timeouts.all(Timeouts.MAX).total()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void advancingAVirtualClockPastItsEndIsRefusedWithTheTimeLeft() {
    VirtualClock clock = new VirtualClock();
    clock.advance(Duration.ofDays(1));

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("duration must be in [0, PT")
        .hasMessageContaining(
            "(the time left on this clock), was " + Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(clock.elapsed()).isEqualTo(Duration.ofDays(1)); // a refused advance moves nothing
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void aVirtualClockTakesHugeDelaysAndLimitsWithoutOverflowing() {
    VirtualClock clock = new VirtualClock();
    AtomicInteger ran = new AtomicInteger();
    clock.schedule(ran::incrementAndGet, Duration.ofSeconds(Long.MAX_VALUE));
    clock.schedule(ran::incrementAndGet, Duration.ofHours(1));

    Duration passed = clock.runUntilIdle(Duration.ofSeconds(Long.MAX_VALUE));

    // Both ran: the far one is due at the clock's end, which a limit of "forever" reaches.
    assertThat(ran).hasValue(2);
    assertThat(passed).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(clock.nextDue()).isEmpty();
    assertThat(clock.now())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").plusNanos(Long.MAX_VALUE));
  }

  @Test
  void aVirtualClockWhoseRangeWouldPassInstantMaxIsRefused() {
    assertThatThrownBy(() -> new VirtualClock(Instant.MAX.minusSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("origin must be at least 292 years before");
  }

  @Test
  void retryDelaysAndMaxRetryAfterHaveDocumentedBounds() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(THREE_CENTURIES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be positive and at most PT24H, was PT2628000H");
    assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("baseDelay must be positive and at most PT24H");
    assertThatThrownBy(
            () -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxRetryAfter must be in [0, PT720H], was " + Duration.ofSeconds(Long.MAX_VALUE));
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), THREE_CENTURIES, Jitter.FULL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("max delay must be positive and at most PT24H");
    assertThat(RetryPolicy.builder().maxRetryAfter(RetryAfter.MAX).build().maxRetryAfter())
        .isEqualTo(RetryAfter.MAX);
  }

  @Test
  void decorrelatedJitterTakesAPreviousDelayOfAnyLength() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Backoff.MAX_DELAY, Jitter.DECORRELATED);

    Duration delay = backoff.delay(3, Duration.ofSeconds(Long.MAX_VALUE), new SplittableRandom(1));

    assertThat(delay).isBetween(Duration.ofMillis(500), Backoff.MAX_DELAY);
  }
}
