package dev.lifeline;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.failure.ScrubbedFailure;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.Provider;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classified, scrubbed failure of an attempt, whatever it ended with: never throws. Not API.
 */
final class FailureOf {
  private static final Logger LOG = LoggerFactory.getLogger(FailureOf.class);

  private FailureOf() {}

  /**
   * What the attempt's {@code error} (null: the provider answered null) means, by the provider's
   * own classifier; a classifier that throws makes it an {@code INVALID_RESPONSE}, logged, so the
   * cascade moves on instead of losing the call.
   */
  static Failure attempt(Provider provider, Throwable error, SecretScrubber scrubber) {
    Throwable cause =
        unwrap(
            error != null ? error : new NullPointerException(provider.name() + " answered null"));
    try {
      Failure failure =
          cause instanceof ProviderException providerException
              ? providerException.failure()
              : provider.classifier().classify(cause);
      return ScrubbedFailure.of(scrubber, failure);
    } catch (Throwable e) {
      LOG.warn(
          "the classifier of {} threw on {}; the attempt counts as an invalid response",
          provider.name(),
          cause.getClass().getName(),
          e);
      return Failure.builder(ErrorKind.INVALID_RESPONSE)
          .message(
              "unclassifiable failure ("
                  + cause.getClass().getSimpleName()
                  + "); the classifier threw "
                  + e.getClass().getSimpleName())
          .build();
    }
  }

  /**
   * The failure of an attempt abandoned at its own limit: no answer (streaming: no first token)
   * within {@code limit}.
   */
  static Failure attemptTimeout(boolean streaming, Duration limit) {
    String what = streaming ? "no first token" : "no answer";
    return Failure.builder(ErrorKind.TIMEOUT)
        .message(
            what
                + " within "
                + CascadeDecision.millis(limit)
                + " (attempt timeout); abandoned for the next deployment")
        .build();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
