package dev.lifeline.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Duplicated and lost characters of a received text against the expected answer. */
class TextAlignmentTest {

  @Test
  void theSameTextHasNothingDuplicatedOrLost() {
    assertThat(TextAlignment.of("one two three", "one two three"))
        .isEqualTo(new TextAlignment(0, 0));
  }

  @Test
  void aStreamThatStoppedShortLostTheRest() {
    assertThat(TextAlignment.of("one two three", "one two ")).isEqualTo(new TextAlignment(0, 5));
  }

  @Test
  void aStreamStartedAgainDuplicatesWhatWasShownBefore() {
    // "one two " shown, then the whole answer again.
    assertThat(TextAlignment.of("one two three", "one two one two three"))
        .isEqualTo(new TextAlignment(8, 0));
  }

  @Test
  void aGapAndARepeatAreBothCounted() {
    // "def " missing, "ghi" repeated.
    assertThat(TextAlignment.of("abc def ghi", "abc ghighi")).isEqualTo(new TextAlignment(3, 4));
  }

  @Test
  void theBitParallelSubsequenceAgreesWithTheTextbookTable() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 300; round++) {
      String a = randomText(random, random.nextInt(0, 200));
      String b = randomText(random, random.nextInt(0, 200));
      assertThat(TextAlignment.commonSubsequence(a, b)).as(a + " / " + b).isEqualTo(table(a, b));
    }
  }

  private static String randomText(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append("abc d".charAt(random.nextInt(5)));
    }
    return text.toString();
  }

  private static int table(String a, String b) {
    int[][] lcs = new int[a.length() + 1][b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        lcs[i][j] =
            a.charAt(i - 1) == b.charAt(j - 1)
                ? lcs[i - 1][j - 1] + 1
                : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
      }
    }
    return lcs[a.length()][b.length()];
  }
}
