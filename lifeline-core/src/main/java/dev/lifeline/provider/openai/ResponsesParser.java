package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.retry.RateLimitHeaders;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import dev.lifeline.time.Ticker;
import java.util.Map;

/**
 * Reads a Responses API {@code response} object into a {@link ChatResponse}: the text of its {@code
 * output_text} parts, its {@code refusal} parts, its {@code function_call} items (other items, such
 * as a reasoning model's {@code reasoning}, are not the answer and are skipped), its usage, and how
 * it ended: {@code status: "incomplete"} for {@code max_output_tokens} is {@code LENGTH} (a
 * reasoning model that spent the whole limit thinking answers so, with no text), for {@code
 * content_filter} a withheld answer; {@code status: "failed"} is its {@code error}, classified as
 * the same error in an envelope would be. Stateless and thread-safe.
 */
final class ResponsesParser {

  private ResponsesParser() {}

  /**
   * The answer in a whole 2xx body; {@code parsed} is the body already read as JSON, null to read
   * it here.
   *
   * @throws ProviderException with {@code INVALID_RESPONSE} when the body is not a response, or
   *     with the failure a failed or filtered response stands for
   */
  static ChatResponse parse(
      RawResponse response,
      JsonNode parsed,
      String provider,
      String requestedModel,
      ErrorClassifier classifier,
      Ticker ticker) {
    JsonNode root = parsed != null ? parsed : OpenAiJson.readOrNull(response.body());
    if (root == null || !root.isObject()) {
      throw OpenAiJson.invalidResponse(
          response.status(),
          response.body().isBlank()
              ? "the answer's body is empty"
              : "the answer is not a JSON object: " + OpenAiJson.excerpt(response.body()));
    }
    return answer(root, response, provider, requestedModel, classifier, ticker).build();
  }

  /**
   * The answer a {@code response} object holds, before it is built; also used for the object a
   * stream ends with.
   */
  static ChatResponse.Builder answer(
      JsonNode root,
      RawResponse response,
      String provider,
      String requestedModel,
      ErrorClassifier classifier,
      Ticker ticker) {
    String status = OpenAiJson.text(root.get("status"));
    if ("failed".equals(status) || "cancelled".equals(status)) {
      throw new ProviderException(failed(root, classifier));
    }
    JsonNode output = root.get("output");
    if (output == null || !output.isArray()) {
      throw OpenAiJson.invalidResponse(response.status(), "the answer has no output");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    ChatResponse.Builder answer = ChatResponse.builder();
    int calls = 0;
    for (JsonNode item : output) {
      String type = OpenAiJson.text(item.get("type"));
      if ("message".equals(type)) {
        for (JsonNode part : item.path("content")) {
          String partType = OpenAiJson.text(part.get("type"));
          if ("output_text".equals(partType)) {
            text.append(part.path("text").asText(""));
          } else if ("refusal".equals(partType)) {
            refusal.append(part.path("refusal").asText(""));
          }
        }
      } else if ("function_call".equals(type)) {
        answer.toolCall(toolCall(item, calls++, response.status()));
      }
    }
    String reason = OpenAiJson.text(root.path("incomplete_details").get("reason"));
    if ("content_filter".equals(reason) && text.length() == 0 && calls == 0) {
      throw new ProviderException(
          Failure.builder(ErrorKind.CONTENT_FILTERED)
              .status(response.status())
              .providerCode("content_filter")
              .message("the provider's content filter withheld the answer")
              .build());
    }
    String refusalText = refusal.length() == 0 ? null : refusal.toString();
    return answer
        .text(text.toString())
        .refusal(refusalText)
        .finishReason(finishReason(status, reason, calls > 0, refusalText, text.length() > 0))
        .usage(usageOrNull(root))
        .requestId(response.header("x-request-id").orElse(OpenAiJson.text(root.get("id"))))
        .rateLimits(RateLimitHeaders.parse(response, ticker.now()))
        .provider(provider)
        .model(OpenAiResponseParser.modelOr(root, requestedModel));
  }

  /** The failure a {@code failed} response (or an {@code error} stream event) stands for. */
  static Failure failed(JsonNode root, ErrorClassifier classifier) {
    JsonNode error = root.path("error");
    if (!error.isObject()) {
      error = root; // an "error" stream event carries code and message at its top
    }
    String envelope =
        OpenAiJson.MAPPER.createObjectNode().set("error", error.deepCopy()).toString();
    return classifier
        .classify(new RawResponse(200, Map.of(), envelope))
        .orElseGet(
            () ->
                Failure.builder(ErrorKind.SERVER_ERROR)
                    .status(200)
                    .message("the response failed: " + OpenAiJson.excerpt(envelope))
                    .build());
  }

  private static FinishReason finishReason(
      String status, String reason, boolean calledTools, String refusal, boolean hasText) {
    if ("incomplete".equals(status)) {
      if ("max_output_tokens".equals(reason)) {
        return FinishReason.LENGTH;
      }
      return "content_filter".equals(reason) ? FinishReason.CONTENT_FILTER : FinishReason.UNKNOWN;
    }
    if (!"completed".equals(status)) {
      return FinishReason.UNKNOWN;
    }
    if (calledTools) {
      return FinishReason.TOOL_CALLS;
    }
    return refusal != null && !hasText ? FinishReason.REFUSAL : FinishReason.STOP;
  }

  /** {@code usage.input_tokens} and {@code output_tokens}; null when the object has no usage. */
  static Usage usageOrNull(JsonNode root) {
    JsonNode usage = root.path("usage");
    if (!usage.isObject()) {
      return null;
    }
    return new Usage(
        OpenAiJson.count(usage.get("input_tokens")), OpenAiJson.count(usage.get("output_tokens")));
  }

  private static ToolCall toolCall(JsonNode item, int position, int status) {
    String name = OpenAiJson.text(item.get("name"));
    if (name == null) {
      throw OpenAiJson.invalidResponse(status, "function call " + position + " has no name");
    }
    // call_id is what a function_call_output answers to; id names the item itself.
    String callId = OpenAiJson.text(item.get("call_id"));
    if (callId == null) {
      callId = OpenAiJson.text(item.get("id"));
    }
    return new ToolCall(
        callId == null ? "call_" + position : callId,
        name,
        OpenAiResponseParser.arguments(item.get("arguments")));
  }
}
