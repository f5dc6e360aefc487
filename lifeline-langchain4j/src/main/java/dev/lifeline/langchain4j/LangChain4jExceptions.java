package dev.lifeline.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.lifeline.BadRequestException;
import dev.lifeline.CallCancelledException;
import dev.lifeline.DeadlineExceededException;
import dev.lifeline.LifelineException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Lifeline failure as the LangChain4j exception a LangChain4j user catches: the type says what
 * went wrong last ({@link RateLimitException}, {@link TimeoutException}, {@link
 * AuthenticationException}...), and the cause is Lifeline's own exception, whose {@code trace()}
 * lists every attempt.
 */
final class LangChain4jExceptions {

  private LangChain4jExceptions() {}

  /**
   * {@code error} as LangChain4j's exception; an exception that is not Lifeline's (a closed
   * engine's {@link IllegalStateException}, a handler's own exception) is returned as it is.
   */
  static RuntimeException toLangChain4j(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof CancellationException cancelled) {
      return new LangChain4jException("the call was cancelled", cancelled);
    }
    if (!(cause instanceof LifelineException lifeline)) {
      return cause instanceof RuntimeException runtime
          ? runtime
          : new LangChain4jException(cause.getMessage(), cause);
    }
    String message = lifeline.getMessage();
    if (lifeline instanceof CallCancelledException) {
      return new LangChain4jException(message, lifeline);
    }
    if (lifeline instanceof DeadlineExceededException) {
      return new TimeoutException(message, lifeline);
    }
    ErrorKind kind = lifeline.lastFailure().map(Failure::kind).orElse(null);
    if (lifeline instanceof BadRequestException) {
      return kind == ErrorKind.CONTENT_FILTERED
          ? new ContentFilteredException(message, lifeline)
          : new InvalidRequestException(message, lifeline);
    }
    if (kind == null) {
      return new LangChain4jException(message, lifeline);
    }
    return switch (kind) {
      case RATE_LIMITED, QUOTA_EXHAUSTED -> new RateLimitException(message, lifeline);
      case OVERLOADED, SERVER_ERROR -> new InternalServerException(message, lifeline);
      case TIMEOUT -> new TimeoutException(message, lifeline);
      // A dropped connection or a garbled or cut-off answer: the same call may well succeed again.
      case NETWORK, INVALID_RESPONSE -> new RetriableException(message, lifeline);
      case AUTHENTICATION, PERMISSION -> new AuthenticationException(message, lifeline);
      case MODEL_NOT_FOUND -> new ModelNotFoundException(message, lifeline);
      case CONTEXT_LENGTH_EXCEEDED, BAD_REQUEST -> new InvalidRequestException(message, lifeline);
      case CONTENT_FILTERED -> new ContentFilteredException(message, lifeline);
      case VALIDATION_FAILED -> new LangChain4jException(message, lifeline);
    };
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
