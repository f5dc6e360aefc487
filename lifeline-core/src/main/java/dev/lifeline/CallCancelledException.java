package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * The caller cancelled the call, or interrupted the thread waiting in a synchronous call; the
 * attempt in flight and any pending wait were cancelled with it.
 */
public final class CallCancelledException extends LifelineException {
  private static final long serialVersionUID = 1L;

  CallCancelledException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
