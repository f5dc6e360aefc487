package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * A stream broke after part of the answer had reached the caller's delta handler, so the call could
 * not go on elsewhere without repeating it. What the handler received is all there is; {@link
 * #trace()} records the break.
 */
public final class StreamInterruptedException extends LifelineException {
  private static final long serialVersionUID = 1L;

  StreamInterruptedException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
