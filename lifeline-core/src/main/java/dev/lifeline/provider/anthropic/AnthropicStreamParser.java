package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.SseParser;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads one Messages API stream ({@code "stream": true}) as it arrives, and assembles the answer.
 *
 * <p>Events: {@code message_start} (id, model, input usage), {@code content_block_start}, {@code
 * ping}, {@code content_block_delta} ({@code text_delta} goes to the caller at once; {@code
 * input_json_delta} accumulates a tool call's input), {@code content_block_stop}, {@code
 * message_delta} (stop reason, output usage) and {@code message_stop}, the only proof that the
 * answer is whole. An {@code event: error} fails the stream with its classified kind; a stream that
 * ends without {@code message_stop} is {@code INVALID_RESPONSE}, whatever text came before. Unknown
 * events are skipped, as Anthropic asks clients to do.
 *
 * <p>Not thread-safe: the transport feeds it from one body subscription, then {@link #finish} runs
 * once the body completed. After it threw once, it ignores what follows.
 */
final class AnthropicStreamParser {

  // What is kept of a body that never became an SSE event (a JSON error served as a 200).
  private static final int MAX_PREAMBLE_CHARS = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final dev.lifeline.time.Ticker ticker;
  private final Consumer<String> onDelta;
  private final AnthropicErrorClassifier classifier;
  private final SseParser sse = new SseParser(this::onEvent);
  private final StringBuilder preamble = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private final TreeMap<Integer, ToolBlock> tools = new TreeMap<>();
  private String messageId;
  private String model;
  private String stopReason;
  private Usage usage = Usage.NONE;
  private boolean started;
  private boolean stopped;
  private int events;
  private boolean failed;

  AnthropicStreamParser(Consumer<String> onDelta, AnthropicErrorClassifier classifier) {
    this(onDelta, classifier, dev.lifeline.time.Ticker.system());
  }

  /**
   * A parser for one stream that reads rate-limit reset dates against {@code ticker}'s wall clock.
   */
  AnthropicStreamParser(
      Consumer<String> onDelta,
      AnthropicErrorClassifier classifier,
      dev.lifeline.time.Ticker ticker) {
    this.ticker = ticker;
    this.onDelta = onDelta;
    this.classifier = classifier;
  }

  /**
   * Feeds the next decoded chunk of the body.
   *
   * @throws ProviderException on an error event, an unreadable event or a context overflow; the
   *     transport then aborts the exchange
   */
  void feed(String chunk) {
    if (failed) {
      return;
    }
    if (!sse.sawAnyEvent() && preamble.length() < MAX_PREAMBLE_CHARS) {
      preamble.append(chunk, 0, Math.min(chunk.length(), MAX_PREAMBLE_CHARS - preamble.length()));
    }
    try {
      sse.feed(chunk);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Ends the stream and returns the answer.
   *
   * @param response the stream's status and headers (its body is empty: it went through {@link
   *     #feed})
   * @throws ProviderException {@code INVALID_RESPONSE} when the stream ended before {@code
   *     message_stop}, or the classified failure when the body was an error rather than a stream
   */
  ChatResponse finish(RawResponse response, String provider, String requestedModel) {
    sse.finish();
    if (!stopped) {
      if (events == 0 && !preamble.toString().isBlank()) {
        Optional<Failure> failure =
            classifier.classify(
                new RawResponse(response.status(), response.headers(), preamble.toString()));
        if (failure.isPresent()) {
          throw new ProviderException(failure.get());
        }
      }
      throw AnthropicResponseParser.invalid(
          response.status(),
          "the stream ended before message_stop ("
              + (started ? text.length() + " characters of text received)" : "no message_start)"));
    }
    ChatResponse.Builder builder = ChatResponse.builder();
    for (ToolBlock tool : tools.values()) {
      builder.toolCall(tool.toToolCall());
    }
    return builder
        .text(text.toString())
        .finishReason(AnthropicResponseParser.finishReason(stopReason))
        .usage(usage)
        .requestId(AnthropicResponseParser.requestId(response, messageId))
        .rateLimits(dev.lifeline.internal.retry.RateLimitHeaders.parse(response, ticker.now()))
        .provider(provider)
        .model(model == null || model.isEmpty() ? requestedModel : model)
        .build();
  }

  private void onEvent(SseParser.Event event) {
    events++;
    if (stopped || event.name().equals("ping")) {
      return; // nothing after message_stop is part of the answer; pings only keep the line alive
    }
    JsonNode data = parse(event);
    String type = data.path("type").asText(event.name());
    if (event.name().equals("error") || type.equals("error")) {
      throw new ProviderException(classifier.classifyStreamError(event.data(), Map.of()));
    }
    switch (type) {
      case "message_start":
        started = true;
        JsonNode message = data.path("message");
        messageId = message.path("id").asText(null);
        model = message.path("model").asText(null);
        usage = AnthropicResponseParser.usage(message.path("usage"), usage);
        break;
      case "content_block_start":
        startBlock(data.path("index").asInt(-1), data.path("content_block"));
        break;
      case "content_block_delta":
        delta(data.path("index").asInt(-1), data.path("delta"));
        break;
      case "message_delta":
        String reason = data.path("delta").path("stop_reason").asText(null);
        if (reason != null) {
          stopReason = reason;
        }
        usage = AnthropicResponseParser.usage(data.path("usage"), usage);
        if (AnthropicErrorClassifier.CONTEXT_WINDOW_STOP.equals(reason)) {
          throw new ProviderException(AnthropicErrorClassifier.contextWindowExceeded(200));
        }
        break;
      case "message_stop":
        stopped = true;
        break;
      default:
        break; // content_block_stop, and event types added after this was written
    }
  }

  private void startBlock(int index, JsonNode block) {
    String type = block.path("type").asText("");
    if (type.equals("text")) {
      emit(block.path("text").asText(""));
    } else if (type.equals("tool_use")) {
      tools.put(
          index,
          new ToolBlock(
              block.path("id").asText(""), block.path("name").asText(""), block.get("input")));
    }
  }

  private void delta(int index, JsonNode delta) {
    String type = delta.path("type").asText("");
    if (type.equals("text_delta")) {
      emit(delta.path("text").asText(""));
    } else if (type.equals("input_json_delta")) {
      ToolBlock tool = tools.get(index);
      if (tool != null) {
        tool.json.append(delta.path("partial_json").asText(""));
      }
    }
  }

  private void emit(String piece) {
    if (!piece.isEmpty()) {
      text.append(piece);
      onDelta.accept(piece);
    }
  }

  private static JsonNode parse(SseParser.Event event) {
    try {
      JsonNode node = JSON.readTree(event.data());
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (java.io.IOException | RuntimeException malformed) {
      // reported below
    }
    throw AnthropicResponseParser.invalid(
        200, "unreadable '" + event.name() + "' event in the stream");
  }

  /** A tool_use block being streamed: its input arrives as pieces of JSON text. */
  private static final class ToolBlock {
    final String id;
    final String name;
    final JsonNode initialInput;
    final StringBuilder json = new StringBuilder();

    ToolBlock(String id, String name, JsonNode initialInput) {
      this.id = id;
      this.name = name;
      this.initialInput = initialInput;
    }

    ToolCall toToolCall() {
      return json.length() > 0
          ? new ToolCall(id, name, json.toString())
          : AnthropicResponseParser.toolCall(id, name, initialInput);
    }
  }
}
