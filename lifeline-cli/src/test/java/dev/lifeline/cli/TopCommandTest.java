package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code lifeline top} run as a user runs it, over the demo's fake fleet on loopback HTTP. */
class TopCommandTest {
  private static final Pattern CALLS = Pattern.compile("^calls (\\d+) ", Pattern.MULTILINE);

  @Test
  void demoShowsTheWholeFleetFrameAfterFrameWhileCallsFlow() {
    CliRun run =
        CliRun.of(
            "top", "--demo", "--frames", "20", "--interval", "200", "--rate", "40", "--no-color");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> frames =
        Arrays.stream(run.out().split("(?=lifeline top · )", -1))
            .filter(frame -> !frame.isBlank())
            .toList();
    assertThat(frames).hasSize(20);
    for (String frame : frames) {
      assertThat(frame)
          .contains("DEPLOYMENT", "RECENT DECISIONS")
          .contains("openai/gpt-4o ", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-20250514")
          .contains("deepseek/deepseek-chat")
          .contains("» calm: every provider answers");
    }
    List<Long> calls = frames.stream().map(TopCommandTest::calls).toList();
    assertThat(calls).isSorted();
    assertThat(calls.get(calls.size() - 1)).as("calls answered in 4 s").isPositive();
  }

  @Test
  void badOptionsAreRefusedWithTheirRanges() {
    CliRun run = CliRun.of("top", "--demo", "--interval", "5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--interval must be >= 50");
  }

  @Test
  void anUnreadableConfigurationIsReportedNotThrown() {
    CliRun run = CliRun.of("top", "--config", "surely-missing-lifeline.yaml", "--frames", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("lifeline top: ").contains("surely-missing-lifeline.yaml");
  }

  private static long calls(String frame) {
    Matcher matcher = CALLS.matcher(frame);
    assertThat(matcher.find()).as(frame).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
