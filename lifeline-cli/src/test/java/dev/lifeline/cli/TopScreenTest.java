package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One frame of {@code lifeline top} rendered from a known fleet: an open circuit, a cooldown, a
 * healthy deployment and one not called yet, with the decisions that led there. The plain frame is
 * written to {@code target/top-frame.txt}, the README's picture of the view.
 */
class TopScreenTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);

  static TopScreen.Frame knownFleet() {
    DeploymentHealth opened =
        health(
            Deployment.of("openai", "gpt-4o"),
            20,
            12,
            0.6,
            Duration.ofMillis(840),
            CircuitState.OPEN,
            NOW.plusSeconds(12),
            null,
            null);
    DeploymentHealth cooling =
        health(
            Deployment.of("openai", "gpt-4o-mini"),
            8,
            2,
            0.25,
            Duration.ofMillis(420),
            CircuitState.CLOSED,
            null,
            NOW.plusMillis(3_200),
            "rate limited (429)");
    DeploymentHealth healthy =
        health(
            Deployment.of("anthropic", "claude-sonnet-4-20250514"),
            40,
            0,
            0,
            Duration.ofMillis(1_250),
            CircuitState.CLOSED,
            null,
            null,
            null);
    DeploymentHealth unseen =
        health(
            Deployment.of("deepseek", "deepseek-chat"),
            0,
            0,
            0,
            null,
            CircuitState.CLOSED,
            null,
            null,
            null);
    List<TopFeed.Event> events =
        List.of(
            new TopFeed.Event(
                NOW.minusMillis(200),
                "openai/gpt-4o-mini",
                "RATE_LIMITED",
                "FAILOVER",
                "429 with Retry-After 3s"),
            new TopFeed.Event(
                NOW.minusSeconds(1), "openai/gpt-4o", "circuit OPEN", "", "6 failures in 10"),
            new TopFeed.Event(
                NOW.minusSeconds(2), "openai/gpt-4o", "SERVER_ERROR", "DEGRADE", "500 twice"));
    return new TopScreen.Frame(
        "demo fleet",
        "openai fails with 500s",
        NOW,
        List.of(opened, cooling, healthy, unseen),
        57,
        3,
        75,
        events);
  }

  private static DeploymentHealth health(
      Deployment deployment,
      long calls,
      long failures,
      double errorRate,
      Duration p95,
      CircuitState circuit,
      Instant openUntil,
      Instant cooldownUntil,
      String cooldownReason) {
    Map<ErrorKind, Long> byKind =
        failures == 0 ? Map.of() : Map.of(ErrorKind.SERVER_ERROR, failures);
    return new DeploymentHealth(
        deployment,
        WINDOW,
        calls,
        calls - failures,
        failures,
        byKind,
        errorRate,
        p95,
        p95,
        p95,
        null,
        null,
        null,
        null,
        circuit,
        openUntil,
        cooldownUntil,
        cooldownReason);
  }

  @Test
  void rendersEachDeploymentsStateAndTheRecentDecisions() throws IOException {
    String text = new TopScreen(110, false).render(knownFleet());
    Files.writeString(Path.of("target", "top-frame.txt"), text);

    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).startsWith("lifeline top · demo fleet").endsWith("12:00:00.000Z");
    assertThat(lines.get(1))
        .isEqualTo("calls 60   answered 57   failed 3   attempts 75 (1.25 a call)");
    assertThat(lines.get(2)).isEqualTo("» openai fails with 500s");
    assertThat(row(lines, "openai/gpt-4o "))
        .contains("HELD", "OPEN", "20", "60.0%", "840ms")
        .doesNotContain("rate limited");
    assertThat(row(lines, "openai/gpt-4o-mini"))
        .contains("HELD", "CLOSED", "3.2s rate limited (429)", "25.0%", "420ms");
    assertThat(row(lines, "anthropic/claude-sonnet-4-20250514"))
        .contains("UP", "CLOSED", "40", "0.0%", "1.3s")
        .doesNotContain("HELD");
    assertThat(row(lines, "deepseek/deepseek-chat")).contains("UP", "CLOSED", "—").contains(" 0 ");
    int decisions = lines.indexOf("RECENT DECISIONS");
    assertThat(lines.subList(decisions + 1, lines.size()))
        .hasSize(3)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .contains("11:59:59.800", "openai/gpt-4o-mini", "RATE_LIMITED", "→ FAILOVER")
                    .contains("429 with Retry-After 3s"),
            second -> assertThat(second).contains("openai/gpt-4o", "circuit OPEN"),
            third -> assertThat(third).contains("SERVER_ERROR", "→ DEGRADE", "500 twice"));
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(110));
  }

  @Test
  void theReadmeShowsThisFrame() throws IOException {
    String text = new TopScreen(110, false).render(knownFleet());
    String readme = Files.readString(Path.of("..", "README.md"));

    assertThat(readme).contains("```text\n" + text + "```\n");
  }

  @Test
  void colouredFramePaintsHeldRedAndUpGreenAndPlainFrameHasNoEscapes() {
    String coloured = new TopScreen(100, true).render(knownFleet());
    String plain = new TopScreen(100, false).render(knownFleet());

    assertThat(coloured).contains("\u001b[31mHELD ").contains("\u001b[32mUP   ");
    assertThat(plain).doesNotContain("\u001b[");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void aFleetWithoutTroubleSaysSo() {
    TopScreen.Frame calm =
        new TopScreen.Frame(
            "calm", "", NOW, knownFleet().deployments().subList(2, 4), 5, 0, 5, List.of());

    String text = new TopScreen(80, false).render(calm);

    assertThat(text).contains("none yet: every call answered at its first attempt");
    assertThat(text).contains("attempts 5 (1.00 a call)").doesNotContain("»");
  }

  private static String row(List<String> lines, String deployment) {
    return lines.stream()
        .filter(line -> line.startsWith(deployment))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + deployment + " in " + lines));
  }
}
