package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * A stream broke after part of the answer had reached the caller's delta handler, and no attempt
 * that continued it finished the answer (every deployment the cascade allows failed too). What the
 * handler received is a true beginning of an answer, without a repeated span, but not a whole one;
 * {@link #trace()} records the break and each continuation.
 */
public final class StreamInterruptedException extends LifelineException {
  private static final long serialVersionUID = 1L;

  StreamInterruptedException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
