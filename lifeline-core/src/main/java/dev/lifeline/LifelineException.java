package dev.lifeline;

import dev.lifeline.model.CallTrace;
import dev.lifeline.model.Failure;
import java.util.Optional;

/**
 * Why a call ended without an answer. The family is sealed, so a {@code switch} over it is
 * exhaustive; each member's name says what happened, and every one carries the trace of every
 * attempt (possibly none, for {@link NoDeploymentAvailableException}).
 *
 * <ul>
 *   <li>{@link AllAttemptsFailedException}: every deployment the cascade could try failed.
 *   <li>{@link NoDeploymentAvailableException}: no deployment could be tried at all.
 *   <li>{@link FailFastException}: a failure whose rule ends the call at once (trying elsewhere
 *       would not help).
 *   <li>{@link BadRequestException}: the request itself was rejected as wrong.
 *   <li>{@link StreamInterruptedException}: a stream broke after part of the answer reached the
 *       caller, and no continuation finished it.
 *   <li>{@link DeadlineExceededException}: the call's deadline passed, or leaves no time to go on.
 *   <li>{@link CallCancelledException}: the caller cancelled the call.
 * </ul>
 */
public abstract sealed class LifelineException extends RuntimeException
    permits AllAttemptsFailedException,
        NoDeploymentAvailableException,
        FailFastException,
        BadRequestException,
        StreamInterruptedException,
        DeadlineExceededException,
        CallCancelledException {
  private static final long serialVersionUID = 1L;

  // Not serialized (attempts hold live deployments); a deserialized exception has an empty trace.
  private final transient CallTrace trace;

  LifelineException(String message, CallTrace trace, Throwable cause) {
    super(message, cause);
    this.trace = trace == null ? CallTrace.EMPTY : trace;
  }

  /** Every attempt of the call, in order; never null. */
  public CallTrace trace() {
    return trace == null ? CallTrace.EMPTY : trace;
  }

  /** The last provider failure of the call, if any attempt failed. */
  public Optional<Failure> lastFailure() {
    var failures = trace().failures();
    return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(failures.size() - 1));
  }
}
