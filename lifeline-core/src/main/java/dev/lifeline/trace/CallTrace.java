package dev.lifeline.trace;

import dev.lifeline.failure.Failure;
import dev.lifeline.provider.Deployment;
import dev.lifeline.validation.Verdict;
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
 */
public record CallTrace(List<Attempt> attempts, Duration elapsed) {

  /** The trace of a call that made no attempt. */
  public static final CallTrace EMPTY = new CallTrace(List.of(), Duration.ZERO);

  /** Copies the attempts. */
  public CallTrace {
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
    Objects.requireNonNull(elapsed, "elapsed");
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

  /** The trace as a small text table, one line an attempt. */
  public String toTable() {
    StringBuilder table = new StringBuilder();
    table.append(String.format("%-3s %-36s %8s %8s  %-24s %s%n", "#", "deployment", "wait ms", "ms", "outcome", "decision"));
    for (Attempt attempt : attempts) {
      String outcome =
          attempt.failure() == null
              ? (attempt.succeeded() ? "OK" : "abandoned")
              : attempt.failure().kind() + (attempt.failure().status() == 0 ? "" : " " + attempt.failure().status());
      table.append(
          String.format(
              "%-3d %-36s %8d %8d  %-24s %s%s%n",
              attempt.number(),
              attempt.deployment().id(),
              attempt.waitBefore().toMillis(),
              attempt.latency().toMillis(),
              outcome,
              attempt.decision(),
              attempt.reason().isEmpty() ? "" : " — " + attempt.reason()));
    }
    return table.toString();
  }

  @Override
  public String toString() {
    return "CallTrace{" + attempts.size() + " attempts in " + elapsed.toMillis() + " ms: " + attempts + "}";
  }
}
