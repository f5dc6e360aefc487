package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.internal.failure.TreeClassifier;
import dev.lifeline.internal.http.Verdicts;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's failure rules: {@link ErrorClassifier#forProvider(ProviderType) the Anthropic
 * classifier}, plus what only Anthropic's stream parser needs.
 *
 * <p>The classifier's rows read Anthropic's envelope ({@code {"type":"error","error":{"type",
 * "message"}}}), map its error types to their documented statuses (also for an error carried by a
 * 200, which is how a mid-stream {@code event: error} reaches it), know billing reported as a 400,
 * "prompt is too long", 413 {@code request_too_large}, 529, {@code enforced_spend_limit_reached},
 * and that {@code stop_reason: "model_context_window_exceeded"} on a 200 is a context overflow.
 * This class adds nothing to them, so {@code lifeline classify --provider anthropic} answers
 * exactly as the adapter does; it keeps the stream-error event helper and the context-overflow
 * failure the parsers raise. Stateless and thread-safe.
 */
final class AnthropicErrorClassifier implements ErrorClassifier, TreeClassifier {

  /** The shared instance. */
  static final AnthropicErrorClassifier INSTANCE =
      new AnthropicErrorClassifier(ErrorClassifier.forProvider(ProviderType.ANTHROPIC));

  /** The stop reason of an answer cut off by the context window rather than by max_tokens. */
  static final String CONTEXT_WINDOW_STOP = "model_context_window_exceeded";

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
    return base.classify(response);
  }

  @Override
  public Optional<Failure> classify(RawResponse response, JsonNode root) {
    return Verdicts.of(base, response, root);
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

  /**
   * The failure for an answer that stopped with {@link #CONTEXT_WINDOW_STOP}: the same failure the
   * Anthropic classifier's row gives a 200 with that stop reason, for the parsers to raise.
   */
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

  /**
   * A one-line excerpt of an event's data, scrubbed before it is cut so no piece of a key survives
   * the cut.
   */
  private static String excerpt(String data) {
    return SecretScrubber.withoutKeys().excerpt(data, 200);
  }
}
