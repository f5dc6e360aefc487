package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.failure.RawResponse;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.provider.ProviderType;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's failure rules: the provider classifier, plus the one failure only Anthropic's 200
 * answers carry.
 *
 * <p>The base classifier already reads Anthropic's envelope ({@code
 * {"type":"error","error":{"type", "message"}}}), maps its error types to their documented statuses
 * (also for an error carried by a 200, which is how a mid-stream {@code event: error} reaches it),
 * knows billing reported as a 400, "prompt is too long", 413 {@code request_too_large}, 529 and
 * {@code enforced_spend_limit_reached}. What it cannot know is that {@code stop_reason:
 * "model_context_window_exceeded"} on a 200 is a context overflow: the answer stopped because the
 * window filled, and only a larger window will finish it. Stateless and thread-safe.
 */
final class AnthropicErrorClassifier implements ErrorClassifier {

  /** The shared instance. */
  static final AnthropicErrorClassifier INSTANCE =
      new AnthropicErrorClassifier(ErrorClassifier.forProvider(ProviderType.ANTHROPIC));

  /** The stop reason of an answer cut off by the context window rather than by max_tokens. */
  static final String CONTEXT_WINDOW_STOP = "model_context_window_exceeded";

  private static final ObjectMapper JSON = new ObjectMapper();

  // A body this large is an answer, not a stop-reason probe; the parser will read it anyway.
  private static final int MAX_PROBE_CHARS = 8 * 1024 * 1024;

  private final ErrorClassifier base;

  /** The classifier reading the wall clock from {@code ticker}. */
  static AnthropicErrorClassifier of(dev.lifeline.time.Ticker ticker) {
    return new AnthropicErrorClassifier(
        ErrorClassifier.forProvider(ProviderType.ANTHROPIC, ticker));
  }

  AnthropicErrorClassifier(ErrorClassifier base) {
    this.base = base;
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    Optional<Failure> failure = base.classify(response);
    if (failure.isPresent() || response == null || !response.isSuccessful()) {
      return failure;
    }
    return contextWindowStop(response);
  }

  @Override
  public Failure classify(Throwable error) {
    return base.classify(error);
  }

  /**
   * The failure that an {@code event: error} in a 200 stream stands for. The base classifier maps
   * the inner type to its documented status (overloaded_error 529, rate_limit_error 429, ...); an
   * event it cannot read at all is still the provider saying it failed, so it is a server error.
   */
  Failure classifyStreamError(String data, Map<String, java.util.List<String>> headers) {
    return base.classify(new RawResponse(200, headers, data))
        .orElseGet(
            () ->
                Failure.builder(ErrorKind.SERVER_ERROR)
                    .status(200)
                    .message("unreadable error event in the stream: " + excerpt(data))
                    .build());
  }

  /** The failure for an answer that stopped with {@link #CONTEXT_WINDOW_STOP}. */
  static Failure contextWindowExceeded(int status) {
    return Failure.builder(ErrorKind.CONTEXT_LENGTH_EXCEEDED)
        .status(status)
        .providerCode(CONTEXT_WINDOW_STOP)
        .message(
            "the answer stopped because the model's context window filled up"
                + " (stop_reason "
                + CONTEXT_WINDOW_STOP
                + ")")
        .build();
  }

  private static Optional<Failure> contextWindowStop(RawResponse response) {
    String body = response.body();
    // Cheap guard first: almost every 200 lacks the word, and then there is nothing to parse.
    if (body.length() > MAX_PROBE_CHARS || !body.contains(CONTEXT_WINDOW_STOP)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && CONTEXT_WINDOW_STOP.equals(root.path("stop_reason").asText(null))) {
        return Optional.of(contextWindowExceeded(response.status()));
      }
    } catch (java.io.IOException | RuntimeException malformed) {
      // Not JSON: the response parser reports it as INVALID_RESPONSE.
    }
    return Optional.empty();
  }

  /**
   * A one-line excerpt of an event's data, scrubbed before it is cut so no piece of a key survives
   * the cut.
   */
  private static String excerpt(String data) {
    return SecretScrubber.withoutKeys().excerpt(data, 200);
  }
}
