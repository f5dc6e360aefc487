package dev.lifeline.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void aDurationBeyond292YearsSaturatesInsteadOfThrowing() {
    assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MIN_VALUE)))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofDays(365L * 300))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofNanos(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofNanos(Long.MIN_VALUE)))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.toNanosSaturated(Duration.ofMillis(-1500))).isEqualTo(-1_500_000_000L);
  }

  @Test
  void clampMovesAValueIntoTheRange() {
    Duration day = Duration.ofDays(1);
    assertThat(Durations.clamp(Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO, day))
        .isEqualTo(day);
    assertThat(Durations.clamp(Duration.ofSeconds(-5), Duration.ZERO, day))
        .isEqualTo(Duration.ZERO);
    assertThat(Durations.clamp(Duration.ofHours(2), Duration.ZERO, day))
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> Durations.clamp(Duration.ZERO, day, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min PT24H must be <= max PT0S");
  }

  @Test
  void requirePositiveAtMostNamesTheArgumentTheValueAndTheRange() {
    assertThatThrownBy(
            () ->
                Durations.requirePositiveAtMost(
                    "deadline", Duration.ofDays(365L * 300), Duration.ofHours(24)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadline must be positive and at most PT24H, was PT2628000H");
    assertThatThrownBy(
            () -> Durations.requirePositiveAtMost("deadline", Duration.ZERO, Duration.ofHours(24)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadline must be positive");
    assertThatThrownBy(
            () -> Durations.requirePositiveAtMost("deadline", null, Duration.ofHours(24)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("deadline");
    assertThat(
            Durations.requirePositiveAtMost("deadline", Duration.ofHours(24), Duration.ofHours(24)))
        .isEqualTo(Duration.ofHours(24));
  }
}
