package dev.lifeline.health;

import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine's health tracking knows about one deployment at one moment: counts and latencies
 * over the sliding window, and whether its circuit or a cooldown keeps it out.
 *
 * <p>Immutable; {@link #toString()} is one readable line that the CLI prints as it is.
 *
 * @param deployment the deployment
 * @param window the length of the window the counts and percentiles cover
 * @param calls attempts that ended with an outcome in the window (successes plus failures;
 *     abandoned attempts are not calls)
 * @param successes attempts that succeeded
 * @param failures attempts that failed, of every kind
 * @param failuresByKind failures per kind; only kinds seen, in {@link ErrorKind} order
 * @param errorRate failures that reflect on the deployment, divided by calls, in [0, 1]; 0 without
 *     calls. Failures that are the request's fault ({@code BAD_REQUEST}, {@code
 *     CONTEXT_LENGTH_EXCEEDED}, {@code CONTENT_FILTERED}) are not in it, so one malformed request
 *     does not make a deployment look unhealthy
 * @param p50 median attempt latency, failures included; null without calls
 * @param p95 95th percentile attempt latency; null without calls
 * @param p99 99th percentile attempt latency; null without calls
 * @param ttftP50 median time to the first token of streams; null without streams
 * @param ttftP95 95th percentile time to the first token; null without streams
 * @param lastSuccess when an attempt last succeeded, ever; null if none
 * @param lastFailure when an attempt last failed, ever; null if none
 * @param circuitState where the circuit breaker stands
 * @param circuitOpenUntil when an OPEN circuit starts probing; null unless OPEN
 * @param cooldownUntil when the cooldown of the deployment, or of its whole provider, ends (the
 *     later of the two); null when neither cools down
 * @param cooldownReason why it cools down; null when it does not
 */
public record DeploymentHealth(
    Deployment deployment,
    Duration window,
    long calls,
    long successes,
    long failures,
    Map<ErrorKind, Long> failuresByKind,
    double errorRate,
    Duration p50,
    Duration p95,
    Duration p99,
    Duration ttftP50,
    Duration ttftP95,
    Instant lastSuccess,
    Instant lastFailure,
    CircuitState circuitState,
    Instant circuitOpenUntil,
    Instant cooldownUntil,
    String cooldownReason) {

  /** Checks the required parts and copies the map. */
  public DeploymentHealth {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(circuitState, "circuitState");
    Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    if (failuresByKind != null) {
      byKind.putAll(failuresByKind);
    }
    failuresByKind = Collections.unmodifiableMap(byKind);
  }

  /**
   * The health of {@code deployment} before it took any call: nothing measured, circuit closed, no
   * hold. What a fleet view shows for a deployment the engine has not called yet.
   */
  public static DeploymentHealth unseen(Deployment deployment) {
    return new DeploymentHealth(
        deployment,
        Duration.ZERO,
        0,
        0,
        0,
        Map.of(),
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        CircuitState.CLOSED,
        null,
        null,
        null);
  }

  /** Whether the window holds any call. */
  public boolean hasCalls() {
    return calls > 0;
  }

  /**
   * Whether neither an open circuit nor a cooldown keeps the deployment out. A HALF_OPEN circuit is
   * available, though all its probe slots may be taken; the next call's probe decides.
   */
  public boolean isAvailable() {
    return circuitState != CircuitState.OPEN && cooldownUntil == null;
  }

  /**
   * One line for people: "openai/gpt-4o: 4 calls in the last 5 min, 3 ok, 1 failed (SERVER_ERROR
   * 1), errors 25.0%, latency p50 800 ms p95 2.0 s p99 2.0 s, ..., circuit CLOSED".
   */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder(deployment.id()).append(": ");
    if (calls == 0) {
      line.append("no calls in the last ").append(human(window));
    } else {
      line.append(calls)
          .append(" calls in the last ")
          .append(human(window))
          .append(", ")
          .append(successes)
          .append(" ok, ")
          .append(failures)
          .append(" failed");
      if (!failuresByKind.isEmpty()) {
        line.append(" (");
        String separator = "";
        for (Map.Entry<ErrorKind, Long> entry : failuresByKind.entrySet()) {
          line.append(separator).append(entry.getKey()).append(' ').append(entry.getValue());
          separator = ", ";
        }
        line.append(')');
      }
      line.append(", errors ").append(String.format(Locale.ROOT, "%.1f%%", errorRate * 100));
      // The rate leaves out the request's own faults: say so, or "2 failed, errors 0.0%" reads
      // as a contradiction.
      long requestFaults = failures - Math.round(errorRate * calls);
      if (requestFaults > 0) {
        line.append(
            requestFaults == failures
                ? " (its failures were the request's fault: not counted)"
                : " (" + requestFaults + " of its failures the request's fault: not counted)");
      }
      line.append(", latency p50 ")
          .append(human(p50))
          .append(" p95 ")
          .append(human(p95))
          .append(" p99 ")
          .append(human(p99));
    }
    if (ttftP50 != null) {
      line.append(", first token p50 ")
          .append(human(ttftP50))
          .append(" p95 ")
          .append(human(ttftP95));
    }
    if (lastSuccess != null) {
      line.append(", last ok ").append(lastSuccess);
    }
    if (lastFailure != null) {
      line.append(", last failure ").append(lastFailure);
    }
    line.append(", circuit ").append(circuitState);
    if (circuitOpenUntil != null) {
      line.append(" until ").append(circuitOpenUntil);
    }
    if (cooldownUntil != null) {
      line.append(", cooling down until ")
          .append(cooldownUntil)
          .append(" (")
          .append(cooldownReason)
          .append(')');
    }
    return line.toString();
  }

  /** "812 ms", "2.1 s", "5 min": short enough for one line. */
  private static String human(Duration duration) {
    if (duration == null) {
      return "-";
    }
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return duration.toNanos() < 1_000_000 && !duration.isZero()
          ? String.format(Locale.ROOT, "%.2f ms", duration.toNanos() / 1e6)
          : millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + " min";
    }
    return String.format(Locale.ROOT, "%.1f min", millis / 60e3);
  }
}
