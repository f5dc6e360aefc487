package dev.lifeline.internal.failure;

import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.Failure;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with the configured keys scrubbed from its code, message and headers. Lives apart from
 * {@link SecretScrubber} so that the scrubber, at the bottom of the package graph, names no value
 * of the call. Not API.
 */
public final class ScrubbedFailure {

  private ScrubbedFailure() {}

  /**
   * {@code failure} with its code, message and headers scrubbed by {@code scrubber}; null stays
   * null.
   */
  public static Failure of(SecretScrubber scrubber, Failure failure) {
    if (failure == null || !scrubber.knowsKeys()) {
      // A Failure is already scrubbed of everything but the configured keys when built.
      return failure;
    }
    String code = scrubber.scrub(failure.providerCode());
    String message = scrubber.scrub(failure.message());
    Map<String, String> headers = scrubber.scrubHeaders(failure.headers());
    if (Objects.equals(code, failure.providerCode())
        && message.equals(failure.message())
        && headers.equals(failure.headers())) {
      return failure;
    }
    return new Failure(
        failure.kind(),
        failure.status(),
        code,
        message,
        failure.retryAfter(),
        failure.remedyHint(),
        headers);
  }
}
