package dev.lifeline.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.provider.Deployment;
import dev.lifeline.validation.Verdict;
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
}
