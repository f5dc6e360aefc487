package dev.lifeline.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of a call: which deployment, when, how long, what came back and what was decided.
 *
 * @param number the attempt's position in the call, from 1
 * @param deployment where it was sent
 * @param start when it started, measured from the start of the call
 * @param latency how long it took until the answer, the failure or its abandonment
 * @param waitBefore how long the cascade waited before it (backoff or Retry-After); zero if none
 * @param failure what went wrong; null when it succeeded or was abandoned by the caller's deadline
 *     or cancellation (which are not the provider's failures)
 * @param decision what the cascade did next
 * @param reason why, in a few words ("Retry-After 30s exceeds maxRetryAfter 10s"); empty when
 *     obvious
 * @param verdicts what each validator said of the answer, when the attempt got a 200; empty
 *     otherwise
 */
public record Attempt(
    int number,
    Deployment deployment,
    Duration start,
    Duration latency,
    Duration waitBefore,
    Failure failure,
    Decision decision,
    String reason,
    List<Verdict> verdicts) {

  /** Checks the parts. */
  public Attempt {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(waitBefore, "waitBefore");
    Objects.requireNonNull(decision, "decision");
    reason = reason == null ? "" : reason;
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
  }

  /** The verdicts that failed. */
  public List<Verdict> failedVerdicts() {
    return verdicts.stream().filter(verdict -> !verdict.passed()).toList();
  }

  /** Whether this attempt produced the answer. */
  public boolean succeeded() {
    return decision == Decision.ACCEPT;
  }

  /** The failure, if the provider failed. */
  public Optional<Failure> failureIfAny() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "#"
        + number
        + " "
        + deployment.id()
        + " after "
        + waitBefore.toMillis()
        + " ms wait, "
        + latency.toMillis()
        + " ms: "
        + (failure == null ? (succeeded() ? "OK" : "abandoned") : failure.kind().name())
        + " -> "
        + decision
        + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
