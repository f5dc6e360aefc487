package dev.lifeline;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Verdict;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call did, attempt by attempt, and the routing notes beside them: the {@link CallTrace}
 * in the making. Not thread-safe: the call guards it with its own lock. Not API.
 */
final class AttemptLog {

  private final Ticker ticker;
  private final long startNanos;
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<String> notes;

  AttemptLog(Ticker ticker, long startNanos, List<String> notes) {
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.notes = new ArrayList<>(notes);
  }

  /** Records an attempt that started at {@code attemptStartNanos} and ends now. */
  Attempt record(
      Deployment deployment,
      long attemptStartNanos,
      Duration waitBefore,
      Failure failure,
      List<Verdict> verdicts,
      Decision decision,
      String reason) {
    return record(
        deployment,
        attemptStartNanos,
        ticker.nanos(),
        waitBefore,
        failure,
        verdicts,
        decision,
        reason);
  }

  /** Records an attempt that ran from {@code attemptStartNanos} to {@code now}. */
  Attempt record(
      Deployment deployment,
      long attemptStartNanos,
      long now,
      Duration waitBefore,
      Failure failure,
      List<Verdict> verdicts,
      Decision decision,
      String reason) {
    Attempt attempt =
        new Attempt(
            attempts.size() + 1,
            deployment,
            Duration.ofNanos(Math.max(0, attemptStartNanos - startNanos)),
            Duration.ofNanos(Math.max(0, now - attemptStartNanos)),
            waitBefore,
            failure,
            decision,
            reason,
            verdicts);
    attempts.add(attempt);
    return attempt;
  }

  /**
   * Replaces the last attempt's decision and reason: a learned detour overrode what the ladder
   * chose.
   */
  Attempt relabelLast(Decision decision, String reason) {
    Attempt last = attempts.get(attempts.size() - 1);
    Attempt relabelled =
        new Attempt(
            last.number(),
            last.deployment(),
            last.start(),
            last.latency(),
            last.waitBefore(),
            last.failure(),
            decision,
            reason,
            last.verdicts());
    attempts.set(attempts.size() - 1, relabelled);
    return relabelled;
  }

  /** The last attempt recorded; there must be one. */
  Attempt last() {
    return attempts.get(attempts.size() - 1);
  }

  void note(String note) {
    notes.add(note);
  }

  List<String> notes() {
    return notes;
  }

  int size() {
    return attempts.size();
  }

  boolean hasAttempted(Deployment deployment) {
    for (Attempt attempt : attempts) {
      // A hedge cancelled as the loser of its race did not fail: the deployment is still untried.
      boolean cancelledHedge =
          attempt.decision() == Decision.HEDGE_LOST && attempt.failure() == null;
      if (attempt.deployment().equals(deployment) && !cancelledHedge) {
        return true;
      }
    }
    return false;
  }

  /** The trace so far, timed to now. */
  CallTrace trace() {
    return new CallTrace(
        attempts, Duration.ofNanos(Math.max(0, ticker.nanos() - startNanos)), notes);
  }
}
