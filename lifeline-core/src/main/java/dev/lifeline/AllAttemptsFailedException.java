package dev.lifeline;

import dev.lifeline.trace.CallTrace;

/** Every deployment the cascade could try failed; {@link #trace()} says how each one did. */
public final class AllAttemptsFailedException extends LifelineException {
  private static final long serialVersionUID = 1L;

  /** The exception, with a summary message and the trace. */
  public AllAttemptsFailedException(String message, CallTrace trace) {
    super(message, trace);
  }
}
