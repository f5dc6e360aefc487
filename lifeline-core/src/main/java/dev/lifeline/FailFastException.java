package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * A failure whose rule ends the call at once (for example content the provider filtered, or a kind
 * the {@link dev.lifeline.model.RemedyTable} says to fail on): trying elsewhere would not help, so
 * other deployments were not tried.
 */
public final class FailFastException extends LifelineException {
  private static final long serialVersionUID = 1L;

  FailFastException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
