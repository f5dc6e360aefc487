package dev.lifeline.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Remedy;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The failure an exception stands for: timeouts, refused or unknown hosts, TLS, resets, unreadable
 * JSON, and a {@link ProviderException}'s own failure, after peeling off the wrappers futures and
 * the JDK HTTP client put around the exception that says what happened.
 */
final class ExceptionReader {

  // Deeper than any real wrapping; bounds the walk on a cyclic or hostile cause chain.
  private static final int MAX_DEPTH = 16;

  private ExceptionReader() {}

  /** Classifies {@code error}; never throws. */
  static Failure read(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause == null) {
      return Failure.of(ErrorKind.SERVER_ERROR, "unexpected error (none given)");
    }
    if (cause instanceof ProviderException) {
      return ((ProviderException) cause).failure();
    }
    String description = describe(cause);
    if (cause instanceof HttpTimeoutException
        || cause instanceof SocketTimeoutException
        || cause instanceof TimeoutException) {
      return Failure.of(ErrorKind.TIMEOUT, description);
    }
    if (cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException) {
      // Refused, unroutable or unknown: the host is not there, and will not be there in a second.
      return Failure.of(ErrorKind.NETWORK, description).withRemedyHint(Remedy.FAILOVER);
    }
    if (cause instanceof SSLException) {
      Throwable inner = cause.getCause();
      if (inner instanceof SocketException || inner instanceof EOFException) {
        return Failure.of(ErrorKind.NETWORK, description); // a reset during TLS: transient
      }
      // A handshake or certificate failure repeats on every attempt to this host.
      return Failure.of(ErrorKind.NETWORK, description).withRemedyHint(Remedy.FAILOVER);
    }
    if (cause instanceof JsonProcessingException) {
      return Failure.of(ErrorKind.INVALID_RESPONSE, description);
    }
    if (cause instanceof IOException) {
      // Reset, broken pipe, EOF, GOAWAY, "header parser received no bytes": retry once.
      return Failure.of(ErrorKind.NETWORK, description);
    }
    return Failure.of(ErrorKind.SERVER_ERROR, "unexpected " + description);
  }

  /**
   * The exception that says what happened: wrappers from futures and streams are peeled off, and so
   * is a bare IOException around a more specific one (the JDK HTTP client wraps that way).
   */
  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      Throwable next = current.getCause();
      boolean wrapper =
          current instanceof CompletionException
              || current instanceof ExecutionException
              || current instanceof UncheckedIOException
              || (current.getClass() == IOException.class
                  && (next instanceof IOException || next instanceof TimeoutException));
      if (!wrapper || next == null || next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String simple = error.getClass().getSimpleName();
    String name = simple.isEmpty() ? error.getClass().getName() : simple; // anonymous classes
    return message == null || message.isBlank()
        ? name
        : name + ": " + ProviderText.message(message);
  }
}
