package dev.lifeline;

import dev.lifeline.failure.Failure;
import dev.lifeline.trace.CallTrace;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a call ended without an answer; every subclass carries the trace of every attempt.
 *
 * <p>Subclasses: {@link AllAttemptsFailedException}, {@link BadRequestException},
 * {@link DeadlineExceededException}, {@link CallCancelledException}.
 */
public abstract class LifelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient CallTrace trace;

  /** An exception with a message and the trace so far. */
  protected LifelineException(String message, CallTrace trace) {
    super(message);
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /** Every attempt of the call, in order. */
  public CallTrace trace() {
    return trace;
  }

  /** The last provider failure of the call, if any attempt failed. */
  public Optional<Failure> lastFailure() {
    var failures = trace.failures();
    return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(failures.size() - 1));
  }
}
