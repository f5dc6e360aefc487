package dev.lifeline.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table a terminal shows holds no control character, whatever a provider or an answer put in
 * the trace.
 */
class CallTraceTableTest {

  private static final String HOSTILE =
      "x\u001B[2J\u001B]0;owned\u0007\u202Egnp.exe\u202C\u0000\u009B31m\ny";

  @Test
  void notesReasonsAndVerdictsAreShownWithoutControlCharacters() {
    Attempt attempt =
        new Attempt(
            1,
            Deployment.of("p", "m"),
            Duration.ZERO,
            Duration.ofMillis(3),
            Duration.ZERO,
            null,
            Decision.FAILOVER,
            "because " + HOSTILE,
            List.of(Verdict.fail("custom", "quoted " + HOSTILE)));
    CallTrace trace =
        new CallTrace(List.of(attempt), Duration.ofMillis(3), List.of("skipped q/m: " + HOSTILE));

    String table = trace.toTable().replace(System.lineSeparator(), "");

    assertThat(table)
        .contains("skipped q/m: xgnp.exe y")
        .contains("because xgnp.exe y")
        .contains("quoted xgnp.exe y");
    assertThat(table.chars())
        .noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E));
    assertThat(table).doesNotContain("owned").doesNotContain("[2J");
  }

  @Test
  void columnsStayAlignedWhateverTheWidthOfTheirCells() {
    Attempt first =
        new Attempt(
            1,
            Deployment.of("anthropic-eu-west-production", "claude-sonnet-4-20250514"),
            Duration.ZERO,
            Duration.ofMillis(38),
            Duration.ZERO,
            Failure.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED).status(400).message("long").build(),
            Decision.LARGER_CONTEXT,
            "next: openai/gpt-4o",
            List.of());
    Attempt second =
        new Attempt(
            2,
            Deployment.of("openai", "gpt-4o"),
            Duration.ofMillis(38),
            Duration.ofMillis(120),
            Duration.ZERO,
            null,
            Decision.ACCEPT,
            "",
            List.of());

    List<String> lines =
        new CallTrace(List.of(first, second), Duration.ofMillis(158)).toTable().lines().toList();

    int decision = lines.get(0).indexOf("decision");
    assertThat(lines.get(1).indexOf("LARGER_CONTEXT")).isEqualTo(decision);
    assertThat(lines.get(2).indexOf("ACCEPT")).isEqualTo(decision);
    int outcome = lines.get(0).indexOf("outcome");
    assertThat(lines.get(1).indexOf("CONTEXT_LENGTH_EXCEEDED")).isEqualTo(outcome);
    assertThat(lines.get(2).indexOf("OK")).isEqualTo(outcome);
  }
}
