package dev.lifeline;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.Failure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One attempt that may run twice: on its deployment, and, if no answer came within the hedge delay,
 * on a backup beside it. {@link #future()} completes with the first answer; the other side is
 * cancelled then (and its health permission given back). A side that fails while the other still
 * runs is recorded against its deployment at once, and the attempt waits for the other; when both
 * fail, the attempt fails as the first one did. What the call must still record is told by {@link
 * #outcome()}. Thread-safe: one short critical section per event; futures are completed, attempts
 * sent and health told outside it. Not API.
 *
 * <p>A stream is decided earlier, by its first delta: the side that produces it {@linkplain
 * #claimed claims} the attempt (its text is the one the caller gets), the other side is cancelled
 * then, and the attempt ends as the claiming side does, a failure included.
 */
final class HedgedAttempt {

  /**
   * How a hedged attempt ended, for the call to record: which deployment's result it is and since
   * when it ran, whether the primary's permission is still to be given back (a backup won while the
   * primary ran), whether the answering side's health was already recorded (both failed), and the
   * other side for the trace: its deployment, start, end (-1 when it was cancelled as the loser,
   * ending now), failure (null when cancelled), and why.
   */
  record Outcome(
      Deployment answering,
      long answeringStartNanos,
      boolean releasePrimary,
      boolean answeringRecorded,
      Deployment other,
      long otherStartNanos,
      long otherEndNanos,
      Failure otherFailure,
      String note) {}

  private final CascadeSettings settings;
  private final Deployment primary;
  private final long primaryStartNanos;
  private final CompletableFuture<ChatResponse> primaryFuture;
  private final Duration delay;
  private final CompletableFuture<ChatResponse> combined = new CompletableFuture<>();
  private final Supplier<Deployment> streamOwner; // the side that claimed a stream; null for none

  // Guarded by this.
  private Future<?> timer;
  private Deployment backup;
  private long backupStartNanos;
  private CompletableFuture<ChatResponse> backupFuture;
  private boolean backupEnded;
  private Failure primaryFailure; // the primary failed while the backup ran
  private Throwable primaryError;
  private long primaryEndNanos = -1;
  private Failure backupFailure;
  private long backupEndNanos = -1;
  private Outcome outcome;
  private Deployment claimedBy; // the side whose first delta claimed a stream

  /**
   * A hedged attempt on {@code primary}; {@code streamOwner} tells which side claimed a stream
   * attempt with its first delta (always null for a plain call).
   */
  HedgedAttempt(
      CascadeSettings settings,
      Deployment primary,
      long primaryStartNanos,
      CompletableFuture<ChatResponse> primaryFuture,
      Duration delay,
      Supplier<Deployment> streamOwner) {
    this.settings = settings;
    this.primary = primary;
    this.primaryStartNanos = primaryStartNanos;
    this.primaryFuture = primaryFuture;
    this.delay = delay;
    this.streamOwner = streamOwner;
  }

  /** The attempt's result: the first answer of either side. */
  CompletableFuture<ChatResponse> future() {
    return combined;
  }

  /** How it ended; null while it runs, and when no backup was ever started. */
  synchronized Outcome outcome() {
    return outcome;
  }

  /**
   * Arms the hedge: after the delay, unless an answer came, {@code pickBackup} is asked for a
   * backup (with its health permission and a hedge of the budget taken, or null for none) and
   * {@code sender} sends it. Cancelling {@link #future()} cancels both sides.
   */
  void arm(Supplier<Deployment> pickBackup, Sender sender) {
    primaryFuture.whenComplete((answer, error) -> onPrimary(answer, error));
    combined.whenComplete((answer, error) -> onEnded());
    Future<?> task = settings.scheduler().schedule(() -> onDelay(pickBackup, sender), delay);
    synchronized (this) {
      if (!combined.isDone()) {
        timer = task;
        return;
      }
    }
    task.cancel(false);
  }

  /** Sends one side of the attempt. */
  @FunctionalInterface
  interface Sender {
    /** Sends the attempt to {@code deployment}, begun at {@code startNanos}; never throws. */
    CompletableFuture<ChatResponse> send(Deployment deployment, long startNanos);

    /** The backup picked on {@code deployment} will not be sent: the attempt ended meanwhile. */
    default void unsent(Deployment deployment) {}
  }

  private void onDelay(Supplier<Deployment> pickBackup, Sender sender) {
    synchronized (this) {
      timer = null;
      if (combined.isDone() || primaryFuture.isDone() || claimedBy != null) {
        return;
      }
    }
    if (streamOwner.get() != null) {
      return; // the stream's first delta came: it is not slow
    }
    Deployment chosen = Guard.get("hedge backup", null, pickBackup::get);
    if (chosen == null) {
      return;
    }
    long start = settings.ticker().nanos();
    boolean late;
    synchronized (this) {
      late = combined.isDone() || claimedBy != null;
      if (!late) {
        backup = chosen;
        backupStartNanos = start;
      }
    }
    if (late) {
      release(chosen);
      sender.unsent(chosen);
      return;
    }
    CompletableFuture<ChatResponse> sent = sender.send(chosen, start);
    boolean cancel;
    synchronized (this) {
      backupFuture = sent;
      // The primary's first delta may have come while the backup was being sent.
      cancel = (combined.isDone() || primary.equals(claimedBy)) && !backupEnded;
      if (cancel) {
        backupEnded = true;
        backupEndNanos = settings.ticker().nanos();
      }
    }
    if (cancel) {
      sent.cancel(true);
      release(chosen);
      return;
    }
    Deployment side = chosen;
    sent.whenComplete((answer, error) -> onBackup(side, answer, error));
  }

  /**
   * {@code side} produced the stream attempt's first delta: the other side is cancelled now (a
   * primary that lost is given back by the call, as when a backup answers first).
   */
  void claimed(Deployment side) {
    Future<?> task;
    CompletableFuture<ChatResponse> cancel = null;
    Deployment release = null;
    synchronized (this) {
      if (combined.isDone() || claimedBy != null) {
        return;
      }
      claimedBy = side;
      task = timer;
      timer = null;
      long now = settings.ticker().nanos();
      if (side.equals(primary)) {
        if (backupFuture != null && !backupEnded) {
          cancel = backupFuture;
          release = backup;
          backupEnded = true;
          backupEndNanos = now;
        }
      } else if (primaryFailure == null) {
        cancel = primaryFuture;
        primaryEndNanos = now;
      }
    }
    if (task != null) {
      task.cancel(false);
    }
    if (cancel != null) {
      cancel.cancel(true);
    }
    if (release != null) {
      release(release);
    }
  }

  private void onPrimary(ChatResponse answer, Throwable error) {
    boolean answered = error == null && answer != null;
    Failure failure = answered ? null : failureOf(primary, error);
    boolean waitForBackup;
    Deployment owner = streamOwner.get(); // claimed before its side is told: see lostStream
    synchronized (this) {
      if (combined.isDone() || lostStream(primary, owner)) {
        return; // lost the stream to the backup: cancelled, given back by the call
      }
      waitForBackup =
          !answered && backup != null && !backupEnded && claimedBy == null && owner == null;
      if (waitForBackup) {
        primaryError = error;
        primaryFailure = failure;
        primaryEndNanos = settings.ticker().nanos();
      } else if (backup != null) {
        outcome =
            new Outcome(
                primary,
                primaryStartNanos,
                false,
                false,
                backup,
                backupStartNanos,
                backupEndNanos,
                backupFailure,
                HedgeNotes.primaryWon(
                    primary, backup, delay, backupFailure != null, answered, claimedBy != null));
      }
    }
    if (waitForBackup) {
      Duration took = since(primaryStartNanos);
      Guard.run("health", () -> settings.health().recordFailure(primary, failure, took));
      return;
    }
    complete(answer, error);
  }

  private void onBackup(Deployment side, ChatResponse answer, Throwable error) {
    boolean answered = error == null && answer != null;
    if (!answered) {
      Failure failure = failureOf(side, error);
      Duration took = since(backupStartNanos);
      boolean primaryDone;
      boolean owned;
      Throwable firstError;
      Deployment owner = streamOwner.get();
      synchronized (this) {
        if (combined.isDone() || lostStream(side, owner)) {
          return; // cancelled as the loser: given back in onEnded or when the primary streamed
        }
        backupEnded = true;
        backupFailure = failure;
        backupEndNanos = settings.ticker().nanos();
        owned = side.equals(claimedBy != null ? claimedBy : owner);
        primaryDone = primaryError != null;
        firstError = primaryError;
        if (owned) {
          // The backup's stream broke after its text reached the caller: the call records it and
          // continues the text, as after any broken stream.
          outcome = backupWon(side, true);
        } else if (primaryDone) {
          outcome =
              new Outcome(
                  primary,
                  primaryStartNanos,
                  false,
                  true,
                  side,
                  backupStartNanos,
                  backupEndNanos,
                  failure,
                  "hedge on " + side.id() + " failed too");
        }
      }
      if (owned) {
        complete(null, error);
        return;
      }
      Guard.run("health", () -> settings.health().recordFailure(side, failure, took));
      if (primaryDone) {
        complete(null, firstError);
      }
      return;
    }
    Deployment owner = streamOwner.get();
    synchronized (this) {
      if (combined.isDone() || lostStream(side, owner)) {
        return;
      }
      backupEnded = true;
      outcome = backupWon(side, claimedBy != null);
    }
    complete(answer, null);
  }

  /**
   * The backup {@code side}'s result stands (it answered, or claimed the stream and then failed):
   * the primary's permission is given back by the call unless the primary failed, and the call
   * records the backup's health. Caller holds the lock.
   */
  private Outcome backupWon(Deployment side, boolean streamed) {
    return new Outcome(
        side,
        backupStartNanos,
        primaryFailure == null,
        false,
        primary,
        primaryStartNanos,
        primaryEndNanos,
        primaryFailure,
        HedgeNotes.backupWon(primary, side, delay, primaryFailure != null, streamed));
  }

  /**
   * Whether {@code side} lost the stream to the other side: told by {@link #claimed}, or already
   * decided by the stream ({@code owner}) a moment before that tells this attempt. Caller holds the
   * lock.
   */
  private boolean lostStream(Deployment side, Deployment owner) {
    Deployment winner = claimedBy != null ? claimedBy : owner;
    return winner != null && !winner.equals(side);
  }

  private void complete(ChatResponse answer, Throwable error) {
    if (error == null && answer != null) {
      combined.complete(answer);
    } else {
      combined.completeExceptionally(
          error != null ? error : new NullPointerException("the provider answered null"));
    }
  }

  /**
   * The attempt ended (answered, failed, or cancelled from outside): the timer stops, and the side
   * that did not answer is cancelled; a backup's permission is given back here, the primary's by
   * the call.
   */
  private void onEnded() {
    Future<?> task;
    boolean cancelPrimary;
    CompletableFuture<ChatResponse> cancelBackup = null;
    Deployment releaseBackup = null;
    synchronized (this) {
      task = timer;
      timer = null;
      cancelPrimary = outcome == null || outcome.answering() != primary;
      if (backupFuture != null && !backupEnded) {
        cancelBackup = backupFuture;
        releaseBackup = backup;
        backupEnded = true;
      }
    }
    if (task != null) {
      task.cancel(false);
    }
    if (cancelPrimary) {
      primaryFuture.cancel(true);
    }
    if (cancelBackup != null) {
      cancelBackup.cancel(true);
      release(releaseBackup);
    }
  }

  private void release(Deployment deployment) {
    Guard.run("release", () -> settings.health().release(deployment));
  }

  private Failure failureOf(Deployment deployment, Throwable error) {
    return FailureOf.attempt(
        settings.providers().get(deployment.provider()), error, settings.scrubber());
  }

  private Duration since(long startNanos) {
    return Duration.ofNanos(Math.max(0, settings.ticker().nanos() - startNanos));
  }
}
