package dev.lifeline.springai;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Classifies what a wrapped Spring AI model threw. When the HTTP answer can be recovered it is
 * classified as Lifeline's adapters classify theirs (status, headers such as Retry-After, the error
 * body): from Spring's {@link RestClientResponseException}, from any exception with a {@code
 * statusCode()} (the OpenAI SDK's, which Spring AI 2's OpenAI model uses), or from the {@code "429
 * - {body}"} message of Spring AI's {@code TransientAiException} / {@code NonTransientAiException}.
 * Otherwise the I/O failure inside any wrapper (a refused connection, a reset, a timeout) is read
 * as usual, a bare {@code TransientAiException} is a server error and a bare {@code
 * NonTransientAiException} a rejected request that another provider may take.
 */
final class WrappedFailures {

  // Deeper than any real wrapping; bounds the walk on a cyclic cause chain.
  private static final int MAX_DEPTH = 16;

  /** Spring AI's default error handler writes "STATUS - BODY"; the OpenAI SDK "STATUS: BODY". */
  private static final Pattern STATUS_PREFIX = Pattern.compile("^\\s*(\\d{3})\\s*[-:]\\s*(.*)$");

  private final ErrorClassifier classifier;

  WrappedFailures(ErrorClassifier classifier) {
    this.classifier = classifier;
  }

  /** The failure {@code error} stands for, as a {@link ProviderException} with it as cause. */
  ProviderException toProviderException(Throwable error) {
    if (error instanceof ProviderException known) {
      return known;
    }
    return new ProviderException(classify(error), error);
  }

  /** The failure {@code error} stands for; never throws. */
  Failure classify(Throwable error) {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
      if (cause instanceof ProviderException known) {
        return known.failure();
      }
      RawResponse answer = httpAnswer(cause);
      if (answer != null) {
        return classifier
            .classify(answer)
            .orElseGet(() -> Failure.of(ErrorKind.SERVER_ERROR, describe(error)));
      }
      if (cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    cause = error;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
      if (cause instanceof NonTransientAiException) {
        return Failure.builder(ErrorKind.BAD_REQUEST)
            .message(describe(cause))
            .remedyHint(Remedy.FAILOVER)
            .build();
      }
      if (cause instanceof TransientAiException) {
        return Failure.of(ErrorKind.SERVER_ERROR, describe(cause));
      }
      if (cause instanceof IOException || cause instanceof TimeoutException) {
        // Spring's ResourceAccessException, the OpenAI SDK's OpenAIIoException: the I/O failure
        // inside says what happened (refused, reset, timed out).
        return classifier.classify(cause);
      }
      cause = cause.getCause();
    }
    return classifier.classify(error);
  }

  /** The HTTP answer behind {@code error}, or null when it carries none. */
  private static RawResponse httpAnswer(Throwable error) {
    if (error instanceof RestClientResponseException response) {
      Map<String, List<String>> headers = new TreeMap<>();
      if (response.getResponseHeaders() != null) {
        response.getResponseHeaders().forEach(headers::put);
      }
      return new RawResponse(
          response.getStatusCode().value(), headers, response.getResponseBodyAsString());
    }
    Integer status = statusOf(error);
    if (status != null) {
      return new RawResponse(status, headersOf(error), bodyOf(error));
    }
    if (error instanceof TransientAiException || error instanceof NonTransientAiException) {
      Matcher matcher = STATUS_PREFIX.matcher(String.valueOf(error.getMessage()));
      if (matcher.matches()) {
        return new RawResponse(Integer.parseInt(matcher.group(1)), Map.of(), matcher.group(2));
      }
    }
    return null;
  }

  /** A public {@code int statusCode()} (the OpenAI SDK's exceptions), or null. */
  private static Integer statusOf(Throwable error) {
    Object status = invoke(error, "statusCode");
    if (status instanceof Integer code && code >= 100 && code <= 599) {
      return code;
    }
    return null;
  }

  /** Headers from a public {@code headers()} with {@code names()} and {@code values(name)}. */
  private static Map<String, List<String>> headersOf(Throwable error) {
    Map<String, List<String>> headers = new TreeMap<>();
    Object all = invoke(error, "headers");
    if (all == null) {
      return headers;
    }
    Object names = invoke(all, "names");
    if (!(names instanceof Collection<?> nameList)) {
      return headers;
    }
    try {
      Method values = all.getClass().getMethod("values", String.class);
      for (Object name : nameList) {
        Object value = values.invoke(all, String.valueOf(name));
        if (value instanceof List<?> list) {
          List<String> strings = new ArrayList<>();
          list.forEach(item -> strings.add(String.valueOf(item)));
          headers.put(String.valueOf(name), strings);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Headers are a help to classification, not a need: go on without them.
    }
    return headers;
  }

  /** The error body: a public {@code body()} when it looks like JSON, else the message. */
  private static String bodyOf(Throwable error) {
    Object body = invoke(error, "body");
    if (body != null && String.valueOf(body).trim().startsWith("{")) {
      return String.valueOf(body);
    }
    String message = String.valueOf(error.getMessage());
    Matcher matcher = STATUS_PREFIX.matcher(message);
    return matcher.matches() ? matcher.group(2) : message;
  }

  private static Object invoke(Object target, String method) {
    try {
      Method found = target.getClass().getMethod(method);
      return found.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    return error.getMessage() == null ? name : name + ": " + error.getMessage();
  }
}
