package dev.lifeline.cli;

import dev.lifeline.health.CircuitState;
import dev.lifeline.health.DeploymentHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One frame of {@code lifeline top}, as text: a header with the call counts, a row per deployment
 * (whether it can answer now, its circuit, its cooldown, calls, error rate and P95 in the health
 * window) and the recent decisions. Pure: the same frame renders the same text; colours are ANSI
 * escapes, left out when {@code color} is false.
 */
final class TopScreen {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";

  /**
   * What one frame shows.
   *
   * @param title what is watched (the configuration file, or the demo fleet)
   * @param note a line under the header (the demo's current trouble), or empty
   * @param now the frame's instant, on the engine's clock
   * @param deployments each deployment's health, in cascade order
   * @param answered calls answered so far
   * @param failed calls failed so far
   * @param attempts attempts made so far
   * @param events the recent decisions, newest first
   */
  record Frame(
      String title,
      String note,
      Instant now,
      List<DeploymentHealth> deployments,
      long answered,
      long failed,
      long attempts,
      List<TopFeed.Event> events) {}

  private final int width;
  private final boolean color;

  TopScreen(int width, boolean color) {
    this.width = Math.max(60, width);
    this.color = color;
  }

  String render(Frame frame) {
    StringBuilder out = new StringBuilder();
    String clock = CLOCK.format(frame.now()) + "Z";
    String head = "lifeline top · " + frame.title();
    out.append(paint(BOLD, fit(head, width - clock.length() - 1)))
        .append(' ')
        .append(clock)
        .append('\n');
    long calls = frame.answered() + frame.failed();
    out.append(
            String.format(
                Locale.ROOT,
                "calls %d   answered %s   failed %s   attempts %d (%.2f a call)",
                calls,
                paint(GREEN, Long.toString(frame.answered())),
                paint(frame.failed() > 0 ? RED : GREEN, Long.toString(frame.failed())),
                frame.attempts(),
                calls == 0 ? 0.0 : (double) frame.attempts() / calls))
        .append('\n');
    if (!frame.note().isEmpty()) {
      out.append(paint(YELLOW, fit("» " + frame.note(), width))).append('\n');
    }
    out.append('\n');
    int idWidth =
        Math.min(
            34,
            Math.max(
                10,
                frame.deployments().stream()
                    .mapToInt(health -> health.deployment().id().length())
                    .max()
                    .orElse(10)));
    String columns = "%-" + idWidth + "s  %-5s  %-9s  %-24s  %6s  %6s  %7s";
    out.append(
            paint(
                BOLD + CYAN,
                String.format(
                    Locale.ROOT,
                    columns,
                    "DEPLOYMENT",
                    "STATE",
                    "CIRCUIT",
                    "COOLDOWN",
                    "CALLS",
                    "ERR%",
                    "P95")))
        .append('\n');
    for (DeploymentHealth health : frame.deployments()) {
      out.append(row(health, frame.now(), idWidth)).append('\n');
    }
    out.append('\n').append(paint(BOLD + CYAN, "RECENT DECISIONS")).append('\n');
    if (frame.events().isEmpty()) {
      out.append(paint(DIM, "  none yet: every call answered at its first attempt")).append('\n');
    }
    for (TopFeed.Event event : frame.events()) {
      out.append(event(event, idWidth)).append('\n');
    }
    return out.toString();
  }

  private String row(DeploymentHealth health, Instant now, int idWidth) {
    boolean open =
        health.circuitState() == CircuitState.OPEN
            && (health.circuitOpenUntil() == null || health.circuitOpenUntil().isAfter(now));
    boolean cooling = health.cooldownUntil() != null && health.cooldownUntil().isAfter(now);
    String state = open || cooling ? paintPadded(RED, "HELD", 5) : paintPadded(GREEN, "UP", 5);
    String circuitColor =
        switch (health.circuitState()) {
          case CLOSED -> GREEN;
          case HALF_OPEN -> YELLOW;
          case OPEN -> RED;
        };
    String circuit = paintPadded(circuitColor, health.circuitState().name(), 9);
    String cooldown =
        cooling
            ? duration(Duration.between(now, health.cooldownUntil()))
                + (health.cooldownReason() == null ? "" : " " + health.cooldownReason())
            : "—";
    String errorRate =
        health.hasCalls() ? String.format(Locale.ROOT, "%5.1f%%", health.errorRate() * 100) : "—";
    String p95 = health.p95() == null || !health.hasCalls() ? "—" : duration(health.p95());
    return String.format(
        Locale.ROOT,
        "%-" + idWidth + "s  %s  %s  %-24s  %6d  %s  %7s",
        fit(health.deployment().id(), idWidth),
        state,
        circuit,
        fit(cooldown, 24),
        health.calls(),
        paintPadded(
            health.errorRate() >= 0.5 ? RED : health.errorRate() > 0 ? YELLOW : "",
            errorRate,
            6,
            true),
        p95);
  }

  private String event(TopFeed.Event event, int idWidth) {
    String decisionColor =
        switch (event.decision()) {
          case "ACCEPT" -> GREEN;
          case "FAIL", "EXHAUSTED", "DEADLINE" -> RED;
          default -> YELLOW;
        };
    String line =
        String.format(
            Locale.ROOT,
            "  %s  %-" + idWidth + "s  %-22s %s",
            CLOCK.format(event.at()),
            fit(event.deployment(), idWidth),
            fit(event.what(), 22),
            event.decision().isEmpty() ? "" : "→ " + event.decision());
    String reason = event.reason().isEmpty() ? "" : "  " + event.reason();
    String plain = fit(line + reason, width);
    if (!color) {
      return plain;
    }
    int arrow = plain.indexOf("→ ");
    if (arrow < 0) {
      return plain;
    }
    int end = plain.indexOf(' ', arrow + 2);
    end = end < 0 ? plain.length() : end;
    return plain.substring(0, arrow)
        + decisionColor
        + plain.substring(arrow, end)
        + RESET
        + DIM
        + plain.substring(end)
        + RESET;
  }

  /** A duration as {@code 340ms}, {@code 4.2s} or {@code 2m05s}. */
  static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
  }

  private static String fit(String text, int columns) {
    return text.length() <= columns ? text : text.substring(0, Math.max(0, columns - 1)) + "…";
  }

  private String paint(String style, String text) {
    return color && !style.isEmpty() ? style + text + RESET : text;
  }

  private String paintPadded(String style, String text, int columns) {
    return paintPadded(style, text, columns, false);
  }

  private String paintPadded(String style, String text, int columns, boolean right) {
    String padded =
        right
            ? String.format(Locale.ROOT, "%" + columns + "s", text)
            : String.format(Locale.ROOT, "%-" + columns + "s", text);
    return paint(style, padded);
  }
}
