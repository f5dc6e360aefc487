package dev.lifeline.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decay with ages and half-lives beyond what {@link Duration#toNanos()} holds: saturated, never
 * thrown.
 */
class PlaybookEntryDecayTest {

  private static final FailureSignature SIGNATURE =
      new FailureSignature("openai/gpt-4o", ErrorKind.RATE_LIMITED, null, RequestShape.ANY);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static PlaybookEntry seenAt(Instant lastSeen, long recoveryMillis) {
    return new PlaybookEntry(
        SIGNATURE, 3, 3, lastSeen, lastSeen, Map.of(), 1, 1, recoveryMillis, 0);
  }

  @Test
  void evidenceCenturiesOldHasNoConfidenceLeft() {
    PlaybookEntry ancient = seenAt(Instant.parse("0001-01-01T00:00:00Z"), 0);

    assertThat(ancient.confidence(NOW, Duration.ofMinutes(5))).isZero();
    assertThat(PlaybookMemory.withFailure(ancient, NOW, Duration.ofMinutes(5), 0).evidence())
        .isEqualTo(1);
  }

  @Test
  void aHalfLifeOfForeverKeepsEvidenceAlmostWhole() {
    PlaybookEntry recent = seenAt(NOW.minus(Duration.ofDays(1)), 0);

    assertThat(recent.confidence(NOW, Duration.ofSeconds(Long.MAX_VALUE)))
        .isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void bothAgeAndHalfLifeBeyond292YearsStillGiveAConfidenceInRange() {
    PlaybookEntry ancient = seenAt(Instant.MIN, 0);

    double confidence = ancient.confidence(Instant.MAX, Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(confidence).isBetween(0.0, 1.0);
  }

  @Test
  void aRecoveryTimeSumNearTheEndOfALongSaturatesInsteadOfTurningNegative() {
    PlaybookEntry entry = seenAt(NOW, Long.MAX_VALUE - 10);

    PlaybookEntry next = PlaybookMemory.withRecovery(entry, "anthropic/claude", 1, 1_000);

    assertThat(next.recoveryMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.recoveries()).isEqualTo(2);
  }
}
