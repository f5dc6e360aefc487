package dev.lifeline;

import dev.lifeline.model.CallTrace;

/**
 * No deployment could be tried: each was cooling down, behind an open circuit, unable to take the
 * request (its context window, its capabilities) or left out by the strategy. {@link #trace()}
 * holds no attempt, or only those made before the rest became unavailable; its notes say why each
 * was passed over.
 */
public final class NoDeploymentAvailableException extends LifelineException {
  private static final long serialVersionUID = 1L;

  NoDeploymentAvailableException(String message, CallTrace trace) {
    super(message, trace, null);
  }
}
