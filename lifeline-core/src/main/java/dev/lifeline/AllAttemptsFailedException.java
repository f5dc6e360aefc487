package dev.lifeline;

import dev.lifeline.model.CallTrace;

/** Every deployment the cascade could try failed; {@link #trace()} says how each one did. */
public final class AllAttemptsFailedException extends LifelineException {
  private static final long serialVersionUID = 1L;

  AllAttemptsFailedException(String message, CallTrace trace) {
    super(message, trace, null);
  }

  AllAttemptsFailedException(String message, CallTrace trace, Throwable cause) {
    super(message, trace, cause);
  }
}
