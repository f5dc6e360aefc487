package dev.lifeline.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  @Test
  void theFirstModesWarmUpDefaultsToEveryModesAndIsRepeatedInTheCommandLineOnlyWhenItDiffers() {
    LoadOptions same = LoadOptions.parse("--warmup", "300");
    LoadOptions longer = LoadOptions.parse("--warmup", "300", "--first-warmup", "3000");

    assertThat(same.firstWarmup()).isEqualTo(300);
    assertThat(LoadBenchmark.commandLine(same)).contains("--warmup 300 ").doesNotContain("first");
    assertThat(longer.warmup()).isEqualTo(300);
    assertThat(longer.firstWarmup()).isEqualTo(3000);
    assertThat(LoadBenchmark.commandLine(longer)).contains("--warmup 300 --first-warmup 3000 ");
    assertThat(LoadOptions.parse(LoadBenchmark.commandLine(longer).split(" "))).isEqualTo(longer);
  }

  @Test
  void aFirstWarmUpShorterThanTheOthersIsRefusedWithBothFigures() {
    assertThat(catchThrowable(() -> LoadOptions.parse("--warmup", "500", "--first-warmup", "100")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--first-warmup must be >= --warmup (500), got 100");
  }
}
