package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * The call's deadline passed during an attempt or a wait, or the next wait would have ended after
 * it. The deadline is the caller's budget, not a provider failure: it puts no deployment in
 * cooldown.
 */
public final class DeadlineExceededException extends LifelineException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
