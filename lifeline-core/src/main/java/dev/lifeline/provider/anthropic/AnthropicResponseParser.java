package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;

/**
 * Reads a Messages API answer ({@code {"id","model","content":[...],"stop_reason","usage"}}) into a
 * {@link ChatResponse}.
 *
 * <p>Text is the concatenation of the {@code text} blocks; {@code tool_use} blocks become tool
 * calls whose arguments are their {@code input} as JSON text; other blocks (thinking, server tools)
 * are not part of the answer. Stateless and thread-safe.
 */
final class AnthropicResponseParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnthropicResponseParser() {}

  /**
   * Parses a 2xx answer.
   *
   * @throws ProviderException {@code INVALID_RESPONSE} when the body is not a Messages API answer,
   *     or {@code CONTEXT_LENGTH_EXCEEDED} when it stopped because the context window filled
   */
  static ChatResponse parse(RawResponse response, String provider, String requestedModel) {
    return parse(response, null, provider, requestedModel, dev.lifeline.time.Ticker.system());
  }

  /**
   * Parses a 2xx answer, reading rate-limit reset dates against {@code ticker}'s wall clock; see
   * above; {@code parsed} is the body already read as JSON, null to read it here.
   */
  static ChatResponse parse(
      RawResponse response,
      JsonNode parsed,
      String provider,
      String requestedModel,
      dev.lifeline.time.Ticker ticker) {
    JsonNode root;
    try {
      root = parsed != null ? parsed : JSON.readTree(response.body());
    } catch (java.io.IOException | RuntimeException malformed) {
      throw invalid(
          response.status(), "the answer is not JSON: " + malformed.getClass().getSimpleName());
    }
    if (root == null || !root.isObject() || !root.path("content").isArray()) {
      throw invalid(response.status(), "the answer has no content array");
    }
    StringBuilder text = new StringBuilder();
    ChatResponse.Builder builder = ChatResponse.builder();
    for (JsonNode block : root.path("content")) {
      String type = block.path("type").asText("");
      if (type.equals("text")) {
        text.append(block.path("text").asText(""));
      } else if (type.equals("tool_use")) {
        builder.toolCall(
            toolCall(
                block.path("id").asText(""), block.path("name").asText(""), block.get("input")));
      }
    }
    String stopReason = root.path("stop_reason").asText(null);
    if (AnthropicErrorClassifier.CONTEXT_WINDOW_STOP.equals(stopReason)) {
      throw new ProviderException(
          AnthropicErrorClassifier.contextWindowExceeded(response.status()));
    }
    String model = root.path("model").asText("");
    return builder
        .text(text.toString())
        .finishReason(finishReason(stopReason))
        .usage(usage(root.path("usage"), Usage.NONE))
        .requestId(requestId(response, root.path("id").asText(null)))
        .rateLimits(dev.lifeline.internal.retry.RateLimitHeaders.parse(response, ticker.now()))
        .provider(provider)
        .model(model.isEmpty() ? requestedModel : model)
        .build();
  }

  /**
   * Anthropic's {@code stop_reason} in provider-neutral terms. {@code pause_turn} (a server tool
   * paused a long turn) and unknown reasons are {@link FinishReason#UNKNOWN}.
   */
  static FinishReason finishReason(String stopReason) {
    if (stopReason == null) {
      return FinishReason.UNKNOWN;
    }
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.REFUSAL;
      default:
        return FinishReason.UNKNOWN;
    }
  }

  /**
   * Usage from a {@code usage} object. Prompt tokens count every input token, cached or not ({@code
   * input_tokens} + {@code cache_creation_input_tokens} + {@code cache_read_input_tokens}): all of
   * them fill the context window. Absent counts keep {@code previous}'s values (a stream reports
   * input in {@code message_start} and output in {@code message_delta}).
   */
  static Usage usage(JsonNode usage, Usage previous) {
    if (!usage.isObject()) {
      return previous;
    }
    int prompt = previous.promptTokens();
    if (usage.has("input_tokens")
        || usage.has("cache_creation_input_tokens")
        || usage.has("cache_read_input_tokens")) {
      long sum =
          (long) count(usage, "input_tokens")
              + count(usage, "cache_creation_input_tokens")
              + count(usage, "cache_read_input_tokens");
      prompt = (int) Math.min(Integer.MAX_VALUE, sum);
    }
    int completion =
        usage.has("output_tokens") ? count(usage, "output_tokens") : previous.completionTokens();
    return new Usage(prompt, completion);
  }

  /** A tool call from a {@code tool_use} block's parts. */
  static ToolCall toolCall(String id, String name, JsonNode input) {
    String arguments =
        input == null || input.isNull() || input.isMissingNode() ? "{}" : input.toString();
    return new ToolCall(id, name, arguments);
  }

  /** The {@code request-id} header, else the id in the body. */
  static String requestId(RawResponse response, String bodyId) {
    return response.header("request-id").filter(id -> !id.isBlank()).orElse(bodyId);
  }

  /** An {@code INVALID_RESPONSE} failure. */
  static ProviderException invalid(int status, String message) {
    return new ProviderException(
        Failure.builder(ErrorKind.INVALID_RESPONSE).status(status).message(message).build());
  }

  private static int count(JsonNode usage, String field) {
    long value = usage.path(field).asLong(0);
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
  }
}
