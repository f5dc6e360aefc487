package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * The request itself is wrong (a 400 or 422 that no other deployment would answer differently), so
 * the cascade failed fast instead of trying every deployment with it.
 */
public final class BadRequestException extends LifelineException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
