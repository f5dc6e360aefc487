package dev.lifeline.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies what a wrapped LangChain4j model throws. An {@link HttpException} anywhere in the
 * cause chain carries the status and the provider's body, which go through Lifeline's own rules (so
 * an OpenAI {@code insufficient_quota} 429 is spent quota, not a rate limit, and "try again in 2s"
 * is a wait); failing that, LangChain4j's exception type names the kind; failing that, the Java
 * exception underneath (a timeout, a refused connection) does.
 *
 * <p>An {@link HttpException} carries no headers, so a Retry-After header does not reach Lifeline;
 * a wait the body states does.
 */
final class LangChain4jErrorClassifier implements ErrorClassifier {

  // Deeper than any real wrapping; bounds the walk on a cyclic cause chain.
  private static final int MAX_DEPTH = 16;

  private final ErrorClassifier base;

  LangChain4jErrorClassifier(ErrorClassifier base) {
    this.base = base;
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    return base.classify(response);
  }

  @Override
  public Failure classify(Throwable error) {
    HttpException http = find(error, HttpException.class);
    if (http != null) {
      RawResponse response =
          RawResponse.of(
              http.statusCode(), Map.of(), http.getMessage() == null ? "" : http.getMessage());
      Optional<Failure> failure = base.classify(response);
      if (failure.isPresent()) {
        return failure.get();
      }
    }
    UnsupportedFeatureException unsupported = find(error, UnsupportedFeatureException.class);
    if (unsupported != null) {
      return notForThisModel(unsupported);
    }
    LangChain4jException typed = find(error, LangChain4jException.class);
    ErrorKind kind = typed == null ? null : kindOf(typed);
    if (kind != null) {
      return Failure.builder(kind)
          .status(http != null ? http.statusCode() : 0)
          .message(typed.getClass().getSimpleName() + ": " + typed.getMessage())
          .build();
    }
    Throwable cause = innermost(error);
    if (cause instanceof IllegalArgumentException refused) {
      return notForThisModel(refused);
    }
    return base.classify(cause);
  }

  /**
   * A request the wrapped model refused before sending it: a feature it lacks, or a setting its own
   * checks reject ("the root of the JSON schema must be an object"). Another model may take it, so
   * the cascade fails over rather than giving up.
   */
  private static Failure notForThisModel(RuntimeException refused) {
    return Failure.builder(ErrorKind.BAD_REQUEST)
        .message(refused.getClass().getSimpleName() + ": " + refused.getMessage())
        .remedyHint(Remedy.FAILOVER)
        .build();
  }

  /** The kind LangChain4j's exception type names, or null for its generic types. */
  private static ErrorKind kindOf(LangChain4jException error) {
    if (error instanceof RateLimitException) {
      return ErrorKind.RATE_LIMITED;
    }
    if (error instanceof TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (error instanceof InternalServerException) {
      return ErrorKind.SERVER_ERROR;
    }
    if (error instanceof AuthenticationException) {
      return ErrorKind.AUTHENTICATION;
    }
    if (error instanceof ModelNotFoundException) {
      return ErrorKind.MODEL_NOT_FOUND;
    }
    if (error instanceof ContentFilteredException) {
      return ErrorKind.CONTENT_FILTERED;
    }
    if (error instanceof InvalidRequestException) {
      return ErrorKind.BAD_REQUEST;
    }
    if (error instanceof UnresolvedModelServerException) {
      return ErrorKind.NETWORK;
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return null;
  }

  /** The exception under LangChain4j's generic wrappers, which says what really happened. */
  private static Throwable innermost(Throwable error) {
    Throwable current = error;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      Throwable next = current.getCause();
      if (!(current instanceof LangChain4jException) || next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }
}
