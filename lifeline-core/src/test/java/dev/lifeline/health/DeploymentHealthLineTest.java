package dev.lifeline.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one line a person reads about a deployment never contradicts itself. */
class DeploymentHealthLineTest {

  private static DeploymentHealth health(
      long calls, long successes, Map<ErrorKind, Long> byKind, double errorRate) {
    long failures = byKind.values().stream().mapToLong(Long::longValue).sum();
    Duration ms = Duration.ofMillis(40);
    return new DeploymentHealth(
        Deployment.of("openai", "gpt-4o"),
        Duration.ofMinutes(5),
        calls,
        successes,
        failures,
        byKind,
        errorRate,
        ms,
        ms,
        ms,
        null,
        null,
        null,
        null,
        CircuitState.CLOSED,
        null,
        null,
        null);
  }

  @Test
  void failuresThatAreTheRequestsFaultAreSaidNotToCount() {
    String line = health(2, 0, Map.of(ErrorKind.CONTEXT_LENGTH_EXCEEDED, 2L), 0.0).toString();

    assertThat(line)
        .contains("0 ok, 2 failed (CONTEXT_LENGTH_EXCEEDED 2), errors 0.0%")
        .contains("(its failures were the request's fault: not counted)");
  }

  @Test
  void aMixSaysHowManyAreNotCounted() {
    String line =
        health(4, 1, Map.of(ErrorKind.SERVER_ERROR, 1L, ErrorKind.BAD_REQUEST, 2L), 0.25)
            .toString();

    assertThat(line).contains("errors 25.0% (2 of its failures the request's fault: not counted)");
  }

  @Test
  void failuresOfTheDeploymentNeedNoExplanation() {
    String line = health(4, 3, Map.of(ErrorKind.SERVER_ERROR, 1L), 0.25).toString();

    assertThat(line).contains("errors 25.0%, latency").doesNotContain("not counted");
  }
}
