package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;

/**
 * Reads a whole Chat Completions answer ({@code chat.completion}) into a {@link ChatResponse}.
 *
 * <p>The classifier has already turned error envelopes and content blocks into failures; what
 * reaches this parser should be an answer, and anything that is not one is {@code
 * INVALID_RESPONSE}. Only the first choice is read: the adapter never asks for more than one.
 * Stateless and thread-safe.
 */
final class OpenAiResponseParser {

  private OpenAiResponseParser() {}

  /**
   * The answer in {@code response}.
   *
   * @param provider the provider's name, recorded in the answer
   * @param requestedModel the model asked for, recorded when the body does not name one
   * @throws ProviderException with {@code INVALID_RESPONSE} when the body is not a chat completion
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
    JsonNode root = parsed != null ? parsed : OpenAiJson.readOrNull(response.body());
    if (root == null || !root.isObject()) {
      throw OpenAiJson.invalidResponse(
          response.status(),
          response.body().isBlank()
              ? "the answer's body is empty"
              : "the answer is not a JSON object: " + OpenAiJson.excerpt(response.body()));
    }
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.size() == 0) {
      throw OpenAiJson.invalidResponse(response.status(), "the answer has no choices");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw OpenAiJson.invalidResponse(
          response.status(), "the answer's first choice has no message");
    }
    String text = content(message.get("content"));
    ChatResponse.Builder answer =
        ChatResponse.builder()
            .text(text)
            .usage(usageOrNull(root))
            .requestId(response.header("x-request-id").orElse(OpenAiJson.text(root.get("id"))))
            .rateLimits(dev.lifeline.internal.retry.RateLimitHeaders.parse(response, ticker.now()))
            .provider(provider)
            .model(modelOr(root, requestedModel));
    JsonNode calls = message.path("tool_calls");
    for (int i = 0; i < calls.size(); i++) {
      answer.toolCall(toolCall(calls.get(i), i, response.status()));
    }
    String refusal = OpenAiJson.text(message.get("refusal"));
    answer.refusal(refusal);
    answer.finishReason(finishReason(OpenAiJson.text(choice.get("finish_reason")), refusal, text));
    return answer.build();
  }

  /**
   * The neutral finish reason for the wire's {@code finish_reason}, taking a refusal into account:
   * OpenAI sets {@code message.refusal} while the finish reason still says {@code stop}.
   */
  static FinishReason finishReason(String wire, String refusal, String text) {
    if (refusal != null && !refusal.isBlank() && text.isEmpty()) {
      return FinishReason.REFUSAL;
    }
    if (wire == null) {
      return FinishReason.UNKNOWN;
    }
    switch (wire) {
      case "stop":
      case "eos": // some self-hosted servers
        return FinishReason.STOP;
      case "length":
      case "model_length": // Mistral: the context window, not max_tokens, cut the answer
      case "insufficient_system_resource": // DeepSeek: cut short under load
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      case "error":
        return FinishReason.ERROR;
      default:
        return FinishReason.UNKNOWN;
    }
  }

  /** {@code content} as text: a string, null (a tool-only answer), or an array of text parts. */
  static String content(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      // Mistral's reasoning models answer with typed parts; only the text parts are the answer.
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.isTextual()) {
          text.append(part.asText());
        } else if ("text".equals(OpenAiJson.text(part.get("type")))) {
          text.append(part.path("text").asText(""));
        }
      }
      return text.toString();
    }
    return "";
  }

  /**
   * The usage of a completion or chunk: its {@code usage}, else Groq's {@code x_groq.usage}; null
   * when it carries neither.
   */
  static Usage usageOrNull(JsonNode root) {
    JsonNode usage = root.path("usage");
    if (!usage.isObject()) {
      usage = root.path("x_groq").path("usage");
    }
    if (!usage.isObject()) {
      return null;
    }
    return new Usage(
        OpenAiJson.count(usage.get("prompt_tokens")),
        OpenAiJson.count(usage.get("completion_tokens")));
  }

  static String modelOr(JsonNode root, String requestedModel) {
    String model = OpenAiJson.text(root.get("model"));
    return model == null ? requestedModel : model;
  }

  private static ToolCall toolCall(JsonNode call, int position, int status) {
    if ("custom".equals(OpenAiJson.text(call.get("type")))) {
      return customToolCall(call, position, status);
    }
    JsonNode function = call.path("function");
    String name = OpenAiJson.text(function.get("name"));
    if (name == null) {
      throw OpenAiJson.invalidResponse(status, "tool call " + position + " has no function name");
    }
    String id = OpenAiJson.text(call.get("id"));
    return new ToolCall(
        id == null ? "call_" + position : id, name, arguments(function.get("arguments")));
  }

  /**
   * A call to a custom tool, whose input is free text rather than JSON arguments: read as a call
   * whose arguments are {@code {"input": "<the text>"}}, so the answer and its other calls survive.
   * Lifeline offers only function tools, but the spec lets any answer carry this kind.
   */
  private static ToolCall customToolCall(JsonNode call, int position, int status) {
    JsonNode custom = call.path("custom");
    String name = OpenAiJson.text(custom.get("name"));
    if (name == null) {
      throw OpenAiJson.invalidResponse(status, "custom tool call " + position + " has no name");
    }
    String id = OpenAiJson.text(call.get("id"));
    String input = OpenAiJson.text(custom.get("input"));
    String arguments =
        OpenAiJson.MAPPER.createObjectNode().put("input", input == null ? "" : input).toString();
    return new ToolCall(id == null ? "call_" + position : id, name, arguments);
  }

  /**
   * Arguments as JSON text: OpenAI sends a string; a few compatible servers send the object itself.
   */
  static String arguments(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }
}
