package dev.lifeline.internal.http;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The failures every {@link Transport} reports the same way, and the checks behind them. */
final class TransportFailures {

  /**
   * Longest Content-Length value quoted in a failure message; the rest of a hostile value is noise.
   */
  private static final int MAX_QUOTED_VALUE = 40;

  /** More informational (1xx) answers than any server sends before its real one. */
  static final int MAX_INFORMATIONAL = 16;

  private TransportFailures() {}

  static ProviderException timeout(String message) {
    return new ProviderException(Failure.builder(ErrorKind.TIMEOUT).message(message).build());
  }

  static ProviderException connectTimeout(Duration connect) {
    return timeout("could not connect within " + millis(connect) + " (connect timeout)");
  }

  static ProviderException firstByteTimeout(Duration firstByte) {
    return timeout("no response headers within " + millis(firstByte) + " (first-byte timeout)");
  }

  static ProviderException idleTimeout(Duration idle) {
    return timeout("no data for " + millis(idle) + " (idle timeout)");
  }

  static ProviderException totalTimeout(Duration total) {
    return timeout("no complete answer within the total timeout of " + millis(total));
  }

  static ProviderException invalidResponse(String message) {
    return new ProviderException(
        Failure.builder(ErrorKind.INVALID_RESPONSE).message(message).build());
  }

  static ProviderException closed() {
    return new ProviderException(
        Failure.builder(ErrorKind.NETWORK).message("the provider is closed").build());
  }

  /**
   * The client's "cannot connect" with the address it could not reach, without the query (where a
   * key could be); the JDK's own says only "ConnectException".
   */
  static ConnectException cannotConnect(URI uri, Throwable cause) {
    String detail = cause.getMessage();
    ConnectException named =
        new ConnectException(
            "cannot connect to "
                + withoutQuery(uri)
                + (detail == null || detail.isBlank() ? "" : ": " + detail));
    named.initCause(cause);
    return named;
  }

  /**
   * What is wrong with the Content-Length values, or null if they are absent or one valid length: a
   * non-negative decimal that fits a long, the same in every copy.
   */
  static String invalidContentLength(List<String> values) {
    String first = null;
    for (String value : values) {
      String trimmed = value.strip();
      if (!isLength(trimmed)) {
        return "'" + quote(trimmed) + "' (not a length up to 18 digits)";
      }
      if (first != null && !first.equals(trimmed)) {
        return "'" + quote(first) + "' and '" + quote(trimmed) + "' (conflicting values)";
      }
      first = trimmed;
    }
    return null;
  }

  /**
   * Whether {@code value} is 1 to 18 decimal digits; a loop, not a stream, as this runs on the I/O
   * thread for every answer.
   */
  private static boolean isLength(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }

  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query);
  }

  private static String quote(String value) {
    return value.length() <= MAX_QUOTED_VALUE
        ? value
        : value.substring(0, MAX_QUOTED_VALUE) + "...";
  }
}
