package dev.lifeline;

import dev.lifeline.model.Deployment;
import java.time.Duration;

/** The trace's notes on how a hedge race ended. Not API. */
final class HedgeNotes {
  private HedgeNotes() {}

  /**
   * The primary's result stands: the backup failed first ({@code backupFailed}), or was cancelled
   * when the primary answered, or streamed first ({@code streamed}).
   */
  static String primaryWon(
      Deployment primary,
      Deployment backup,
      Duration delay,
      boolean backupFailed,
      boolean answered,
      boolean streamed) {
    if (backupFailed) {
      return "hedge on "
          + backup.id()
          + " failed; "
          + primary.id()
          + (answered ? " answered" : " failed too");
    }
    return "hedge on "
        + backup.id()
        + " after "
        + CascadeDecision.millis(delay)
        + " cancelled: "
        + primary.id()
        + (streamed ? " streamed first" : " answered first");
  }

  /**
   * The backup's result stands: it answered, or streamed, first; the primary was cancelled or had
   * failed ({@code primaryFailed}).
   */
  static String backupWon(
      Deployment primary,
      Deployment backup,
      Duration delay,
      boolean primaryFailed,
      boolean streamed) {
    return "hedged on "
        + backup.id()
        + " after "
        + CascadeDecision.millis(delay)
        + (streamed ? " without a first delta; " : " without an answer; ")
        + backup.id()
        + (streamed ? " streamed first, " : " answered first, ")
        + primary.id()
        + (primaryFailed ? " failed" : " cancelled");
  }
}
