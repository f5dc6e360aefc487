package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.SseParser;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Chat Completions stream ({@code chat.completion.chunk} events over SSE) as it arrives:
 * hands text deltas on, accumulates tool calls, and at the end either builds the whole answer or
 * says why there is none.
 *
 * <p>The rules, each a lesson from a peer or a provider:
 *
 * <ul>
 *   <li>An event with an {@code error} (OpenAI, Ollama), an {@code error} event, or a choice ending
 *       in {@code finish_reason: "error"} (OpenRouter, Mistral) fails the stream at once,
 *       classified; a {@code [DONE]} after it changes nothing.
 *   <li>Success needs both a {@code finish_reason} and {@code [DONE]}: a stream that stops without
 *       either was cut, and a cut stream is {@code INVALID_RESPONSE}, never a short answer.
 *   <li>A chunk with {@code "choices": []} (the usage chunk, Azure's prompt-filter chunk) is not an
 *       empty answer; comments ({@code : keep-alive}, {@code : OPENROUTER PROCESSING}) are ignored.
 *   <li>A tool call arrives in pieces keyed by {@code index}; its arguments are concatenated.
 *   <li>A body that holds no SSE event at all (a server that ignored {@code stream}, or an error
 *       envelope sent with a 200) is read as a whole answer.
 * </ul>
 *
 * <p>Not thread-safe: the transport feeds it from one stream, and reads the result after the stream
 * completed.
 */
final class OpenAiStreamParser {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiStreamParser.class);
  private static final String TERMINATOR = "[DONE]";
  private static final String CUT = "stream ended without its terminator";

  private final dev.lifeline.time.Ticker ticker;
  private final String provider;
  private final String requestedModel;
  private final ErrorClassifier classifier;
  private final Consumer<String> onDelta;
  private final SseBody body = new SseBody(this::onEvent);

  private final StringBuilder text = new StringBuilder();
  private final StringBuilder refusal = new StringBuilder();
  private final StreamedToolCalls toolCalls = new StreamedToolCalls();

  /** The raw body until the first event, kept only to read a body that is not a stream. */
  private String finishReason;

  private Usage usage;
  private String model;
  private String id;
  private boolean done;
  private boolean consumerFailed;

  /**
   * A parser for one stream.
   *
   * @param onDelta receives each piece of text; a throwing consumer is logged once and ignored, so
   *     a caller's bug never turns a good answer into a failure
   */
  OpenAiStreamParser(
      String provider,
      String requestedModel,
      ErrorClassifier classifier,
      Consumer<String> onDelta) {
    this(provider, requestedModel, classifier, onDelta, dev.lifeline.time.Ticker.system());
  }

  /**
   * A parser for one stream that reads rate-limit reset dates against {@code ticker}'s wall clock.
   */
  OpenAiStreamParser(
      String provider,
      String requestedModel,
      ErrorClassifier classifier,
      Consumer<String> onDelta,
      dev.lifeline.time.Ticker ticker) {
    this.ticker = ticker;
    this.provider = provider;
    this.requestedModel = requestedModel;
    this.classifier = classifier;
    this.onDelta = onDelta;
  }

  /**
   * Feeds the next decoded chunk of the body.
   *
   * @throws ProviderException when the chunk ends the stream with a failure; the transport then
   *     aborts the exchange
   */
  void feed(String chunk) {
    body.feed(chunk);
  }

  /**
   * Ends the stream, whose headers are in {@code response}, and returns the whole answer.
   *
   * @throws ProviderException with {@code INVALID_RESPONSE} for a cut or malformed stream, with
   *     {@code CONTENT_FILTERED} when the filter withheld the whole answer, or with the classified
   *     kind of a body that turned out to be an error
   */
  ChatResponse finish(RawResponse response) {
    String whole = body.finish();
    if (whole != null) {
      return wholeBody(response, whole);
    }
    if (!done) {
      throw OpenAiJson.invalidResponse(response.status(), CUT + " (no [DONE])");
    }
    if (finishReason == null) {
      throw OpenAiJson.invalidResponse(
          response.status(), CUT + " (no finish_reason before [DONE])");
    }
    List<ToolCall> calls = toolCalls.toToolCalls(response.status());
    if ("content_filter".equals(finishReason) && text.length() == 0 && calls.isEmpty()) {
      throw new ProviderException(
          Failure.builder(ErrorKind.CONTENT_FILTERED)
              .status(response.status())
              .providerCode("content_filter")
              .message("the provider's content filter withheld the answer")
              .build());
    }
    String refusalText = refusal.length() == 0 ? null : refusal.toString();
    ChatResponse.Builder answer =
        ChatResponse.builder()
            .text(text.toString())
            .finishReason(
                OpenAiResponseParser.finishReason(finishReason, refusalText, text.toString()))
            .usage(usage)
            .refusal(refusalText)
            .requestId(response.header("x-request-id").orElse(id))
            .rateLimits(dev.lifeline.internal.retry.RateLimitHeaders.parse(response, ticker.now()))
            .provider(provider)
            .model(model == null ? requestedModel : model);
    calls.forEach(answer::toolCall);
    return answer.build();
  }

  private void onEvent(SseParser.Event event) {
    if (done) {
      return; // nothing after the terminator counts
    }
    String data = event.data().strip();
    if (TERMINATOR.equals(data)) {
      done = true;
      return;
    }
    JsonNode chunk = OpenAiJson.readOrNull(data);
    boolean errorEvent = "error".equals(event.name());
    if (errorEvent || (chunk != null && isFailure(chunk))) {
      throw new ProviderException(classifyEvent(data, errorEvent));
    }
    if (chunk == null || !chunk.isObject()) {
      throw OpenAiJson.invalidResponse(
          200, "a stream event is not a JSON object: " + OpenAiJson.excerpt(data));
    }
    onChunk(chunk);
  }

  private void onChunk(JsonNode chunk) {
    if (id == null) {
      id = OpenAiJson.text(chunk.get("id"));
    }
    if (model == null) {
      model = OpenAiJson.text(chunk.get("model"));
    }
    Usage reported = OpenAiResponseParser.usageOrNull(chunk);
    if (reported != null) {
      usage = reported;
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue; // the adapter asks for one choice; a server that sends more is not mixed in
      }
      JsonNode delta = choice.path("delta");
      String piece = OpenAiResponseParser.content(delta.get("content"));
      if (!piece.isEmpty()) {
        text.append(piece);
        deliver(piece);
      }
      String refused = OpenAiJson.text(delta.get("refusal"));
      if (refused != null) {
        refusal.append(refused);
      }
      JsonNode calls = delta.path("tool_calls");
      for (int i = 0; i < calls.size(); i++) {
        toolCalls.add(calls.get(i), i);
      }
      String reason = OpenAiJson.text(choice.get("finish_reason"));
      if (reason != null) {
        finishReason = reason;
      }
    }
  }

  /** An event that carries an error, or a choice ended by one. */
  private static boolean isFailure(JsonNode chunk) {
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      return true;
    }
    for (JsonNode choice : chunk.path("choices")) {
      if ("error".equals(OpenAiJson.text(choice.get("finish_reason")))) {
        return true;
      }
    }
    return false;
  }

  private Failure classifyEvent(String data, boolean errorEvent) {
    // The event's JSON is classified as a 200 body: the envelope's code or type says what it was.
    Optional<Failure> failure = classifier.classify(new RawResponse(200, Map.of(), data));
    return failure.orElseGet(
        () ->
            Failure.builder(ErrorKind.SERVER_ERROR)
                .status(200)
                .message(
                    (errorEvent ? "an error event" : "an error")
                        + " in the stream: "
                        + OpenAiJson.excerpt(data))
                .build());
  }

  private void deliver(String piece) {
    try {
      onDelta.accept(piece);
    } catch (RuntimeException e) {
      if (!consumerFailed) {
        consumerFailed = true;
        LOG.warn(
            "the stream consumer of provider {} threw {}; later deltas still go to it",
            provider,
            e.getClass().getName());
      }
    }
  }

  /** A body that held no SSE event: an error sent with a 200, or a server that does not stream. */
  private ChatResponse wholeBody(RawResponse response, String body) {
    RawResponse whole = new RawResponse(response.status(), response.headers(), body);
    Optional<Failure> failure = classifier.classify(whole);
    if (failure.isPresent()) {
      throw new ProviderException(failure.get());
    }
    ChatResponse answer = OpenAiResponseParser.parse(whole, null, provider, requestedModel, ticker);
    if (!answer.text().isEmpty()) {
      deliver(answer.text());
    }
    return answer;
  }
}
