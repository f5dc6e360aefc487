package dev.lifeline.springai;

import dev.lifeline.AllAttemptsFailedException;
import dev.lifeline.BadRequestException;
import dev.lifeline.CallCancelledException;
import dev.lifeline.FailFastException;
import dev.lifeline.LifelineException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * Lifeline's exceptions as Spring AI's: {@link TransientAiException} when the same call may well
 * succeed later, {@link NonTransientAiException} when it will not; the Lifeline exception is the
 * cause, so its trace stays reachable.
 */
final class Failures {

  private Failures() {}

  /** {@code error} (possibly wrapped by a future) as Spring AI's exception. */
  static RuntimeException toSpring(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof LifelineException)) {
      return cause instanceof RuntimeException
          ? (RuntimeException) cause
          : new NonTransientAiException(String.valueOf(cause.getMessage()), cause);
    }
    LifelineException failure = (LifelineException) cause;
    String message = "Lifeline: " + failure.getMessage();
    return transientFailure(failure)
        ? new TransientAiException(message, failure)
        : new NonTransientAiException(message, failure);
  }

  private static boolean transientFailure(LifelineException failure) {
    if (failure instanceof BadRequestException
        || failure instanceof FailFastException
        || failure instanceof CallCancelledException) {
      return false;
    }
    if (failure instanceof AllAttemptsFailedException) {
      ErrorKind kind = failure.lastFailure().map(Failure::kind).orElse(ErrorKind.SERVER_ERROR);
      return kind.impact() == ErrorKind.Impact.OUTAGE
          || kind.impact() == ErrorKind.Impact.RATE_LIMIT;
    }
    // No deployment free now, the deadline, a broken stream: worth trying again later.
    return true;
  }
}
