package dev.lifeline.model;

import dev.lifeline.internal.util.SecretScrubber;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that happened in one call: every attempt in order, and how long the whole call took.
 *
 * <p>Immutable. Carried by every {@code ChatResponse} and by every {@code LifelineException}.
 *
 * @param attempts every attempt, in order
 * @param elapsed from the call's start to its end
 * @param notes what routing decided before and between attempts ("skipped openai/gpt-4o: circuit
 *     open until 12:00:30Z"); empty when nothing was skipped
 */
public record CallTrace(List<Attempt> attempts, Duration elapsed, List<String> notes) {

  /** The trace of a call that made no attempt. */
  public static final CallTrace EMPTY = new CallTrace(List.of(), Duration.ZERO, List.of());

  /** Copies the attempts and notes. */
  public CallTrace {
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
    Objects.requireNonNull(elapsed, "elapsed");
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** A trace without notes. */
  public CallTrace(List<Attempt> attempts, Duration elapsed) {
    this(attempts, elapsed, List.of());
  }

  /** How many attempts were made. */
  public int attemptCount() {
    return attempts.size();
  }

  /** The failures, in order. */
  public List<Failure> failures() {
    return attempts.stream().map(Attempt::failure).filter(Objects::nonNull).toList();
  }

  /** Every verdict of every attempt, in order. */
  public List<Verdict> verdicts() {
    return attempts.stream().flatMap(attempt -> attempt.verdicts().stream()).toList();
  }

  /** The attempts sent to {@code deployment}. */
  public List<Attempt> attemptsOn(Deployment deployment) {
    return attempts.stream().filter(attempt -> attempt.deployment().equals(deployment)).toList();
  }

  /** The last attempt, if any. */
  public Optional<Attempt> last() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /** The total time spent waiting between attempts. */
  public Duration totalWait() {
    return attempts.stream().map(Attempt::waitBefore).reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * The trace as a small text table, one line an attempt, then the routing notes. Every free-text
   * cell (notes, reasons, verdicts, which may quote a provider or an answer) is scrubbed, so no
   * control character or terminal escape from a body reaches the terminal that shows it.
   */
  public String toTable() {
    StringBuilder table = new StringBuilder();
    SecretScrubber scrubber = SecretScrubber.withoutKeys();
    notes.forEach(
        note -> table.append("  ").append(scrubber.scrub(note)).append(System.lineSeparator()));
    // Columns as wide as their widest cell, so that a long deployment id or outcome never shifts
    // the columns after it.
    int idWidth = "deployment".length();
    int outcomeWidth = "outcome".length();
    for (Attempt attempt : attempts) {
      idWidth = Math.max(idWidth, attempt.deployment().id().length());
      outcomeWidth = Math.max(outcomeWidth, outcome(attempt).length());
    }
    String row = "%-3s %-" + idWidth + "s %8s %8s  %-" + outcomeWidth + "s %s%s%n";
    table.append(String.format(row, "#", "deployment", "wait ms", "ms", "outcome", "decision", ""));
    for (Attempt attempt : attempts) {
      table.append(
          String.format(
              row,
              attempt.number(),
              attempt.deployment().id(),
              attempt.waitBefore().toMillis(),
              attempt.latency().toMillis(),
              outcome(attempt),
              attempt.decision(),
              attempt.reason().isEmpty() ? "" : " — " + scrubber.scrub(attempt.reason())));
      for (Verdict verdict : attempt.failedVerdicts()) {
        table
            .append("      ✗ ")
            .append(scrubber.scrub(verdict.validator()))
            .append(": ")
            .append(scrubber.scrub(verdict.reason()))
            .append(System.lineSeparator());
      }
    }
    return table.toString();
  }

  private static String outcome(Attempt attempt) {
    return attempt.failure() == null
        ? (attempt.succeeded() ? "OK" : "abandoned")
        : attempt.failure().kind()
            + (attempt.failure().status() == 0 ? "" : " " + attempt.failure().status());
  }

  @Override
  public String toString() {
    return "CallTrace{"
        + attempts.size()
        + " attempts in "
        + elapsed.toMillis()
        + " ms: "
        + attempts
        + "}";
  }
}
