package dev.lifeline.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lifeline.semantic.Auc.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric the relevance-set test relies on, checked on cases small enough to count by hand. */
class AucTest {

  @Test
  void perfectSeparationIsOne() {
    var scored = List.of(new Scored(0.9, true), new Scored(0.8, true), new Scored(0.1, false));
    assertThat(Auc.of(scored)).isEqualTo(1.0);
  }

  @Test
  void reversedSeparationIsZero() {
    var scored = List.of(new Scored(0.1, true), new Scored(0.9, false));
    assertThat(Auc.of(scored)).isEqualTo(0.0);
  }

  @Test
  void tiesCountOneHalf() {
    var scored = List.of(new Scored(0.5, true), new Scored(0.5, false));
    assertThat(Auc.of(scored)).isEqualTo(0.5);
  }

  @Test
  void countsPairsInOrder() {
    // Positives 0.8, 0.4; negatives 0.6, 0.2. Ordered pairs: (0.8>0.6) (0.8>0.2) (0.4<0.6)
    // (0.4>0.2): 3 of 4.
    var scored =
        List.of(
            new Scored(0.8, true),
            new Scored(0.4, true),
            new Scored(0.6, false),
            new Scored(0.2, false));
    assertThat(Auc.of(scored)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void needsBothClasses() {
    assertThatThrownBy(() -> Auc.of(List.of(new Scored(0.5, true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both classes");
  }

  @Test
  void accuracyCountsScoresAtTheThresholdAsRelevant() {
    var scored = List.of(new Scored(0.3, true), new Scored(0.29, false), new Scored(0.31, false));
    assertThat(Auc.accuracyAt(scored, 0.3)).isCloseTo(2.0 / 3, within(1e-12));
  }
}
