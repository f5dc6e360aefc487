package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Joining a continuation to the caller's text: exact, overlapping, restarted, or look-alike. */
class DeltaSplicerTest {

  private static String splice(String prefix, List<String> deltas) {
    DeltaSplicer splicer = new DeltaSplicer(prefix);
    StringBuilder out = new StringBuilder();
    deltas.forEach(delta -> out.append(splicer.accept(delta)));
    out.append(splicer.finish());
    return out.toString();
  }

  @Test
  void anExactContinuationPassesOnWhole() {
    assertThat(splice("The refund was", List.of(" approved", " on Monday.")))
        .isEqualTo(" approved on Monday.");
  }

  @Test
  void aContinuationThatRestartsTheAnswerIsTrimmedToWhatExtendsIt() {
    DeltaSplicer splicer = new DeltaSplicer("The refund was ");
    StringBuilder out = new StringBuilder();
    for (String delta : List.of("The", " refund", " was", " approved", " today.")) {
      out.append(splicer.accept(delta));
    }
    out.append(splicer.finish());

    assertThat(out).hasToString("approved today.");
    assertThat(splicer.trimmed()).isEqualTo("The refund was ".length());
  }

  @Test
  void aContinuationThatRepeatsTheLastWordsIsTrimmed() {
    assertThat(splice("The refund was approved", List.of(" was approved", " on Monday.")))
        .isEqualTo(" on Monday.");
  }

  @Test
  void aContinuationThatMerelyBeginsLikeTheLastWordIsNotCut() {
    // "the" ends the text; "then" is a new word, not a repeat of it.
    assertThat(splice("Pay first, the", List.of("n ship", " it."))).isEqualTo("n ship it.");
  }

  @Test
  void textIsHeldBackOnlyWhileItCouldStillBeARepeat() {
    DeltaSplicer splicer = new DeltaSplicer("The refund was approved");

    assertThat(splicer.accept("The ref")).isEmpty();
    assertThat(splicer.accept("und was approved on")).isEqualTo(" on");
    assertThat(splicer.accept(" Monday.")).isEqualTo(" Monday.");
    assertThat(splicer.finish()).isEmpty();
  }

  @Test
  void aShortContinuationThatCouldBeARepeatIsPassedOnWhenItEnds() {
    DeltaSplicer splicer = new DeltaSplicer("Yes. The answer is yes");

    // "." occurs in the text, so it might begin a repeat ". The answer..." until the stream ends.
    assertThat(splicer.accept(".")).isEmpty();
    assertThat(splicer.finish()).isEqualTo(".");
    assertThat(splicer.trimmed()).isZero();
  }

  @Test
  void anEmptyPrefixPassesEverythingOnAtOnce() {
    DeltaSplicer splicer = new DeltaSplicer("");

    assertThat(splicer.accept("Hello")).isEqualTo("Hello");
    assertThat(splicer.trimmed()).isZero();
  }
}
