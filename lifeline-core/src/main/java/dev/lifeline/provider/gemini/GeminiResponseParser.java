package dev.lifeline.provider.gemini;

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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Assembles an answer from one or more {@code GenerateContentResponse}s: the whole answer of {@code
 * generateContent}, or the chunks of a stream, each of which is such a response.
 *
 * <p>Reads {@code candidates[0]} only (one candidate is requested). Text parts are joined, thought
 * summaries ({@code "thought": true}) left out; {@code functionCall} parts become tool calls, with
 * the call's own {@code id} or else {@code call_<n>}, n counting the answer's calls from 0. The
 * last non-empty {@code finishReason}, {@code usageMetadata}, {@code responseId} and {@code
 * modelVersion} win. Not thread-safe: one answer, one thread at a time.
 */
final class GeminiResponseParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringBuilder text = new StringBuilder();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private String finishReason;
  private Usage usage = Usage.NONE;
  private String responseId;
  private String modelVersion;
  private boolean sawCandidate;

  /**
   * Parses the 2xx answer of {@code generateContent}.
   *
   * @throws ProviderException {@code INVALID_RESPONSE} when the body is not JSON or has no
   *     candidate
   */
  static ChatResponse parse(
      RawResponse response, JsonNode parsed, String provider, String requestedModel) {
    JsonNode root;
    try {
      root = parsed != null ? parsed : JSON.readTree(response.body());
    } catch (java.io.IOException | RuntimeException malformed) {
      throw invalid(
          response.status(), "the answer is not JSON: " + malformed.getClass().getSimpleName());
    }
    GeminiResponseParser answer = new GeminiResponseParser();
    if (root != null && root.isArray()) {
      root.forEach(chunk -> answer.accept(chunk, piece -> {})); // a non-SSE stream's array form
    } else if (root != null && root.isObject()) {
      answer.accept(root, piece -> {});
    }
    if (!answer.sawCandidate) {
      throw invalid(response.status(), "the answer has no candidates");
    }
    return answer.toResponse(response, provider, requestedModel);
  }

  /** Adds one response (or stream chunk); each text part also goes to {@code onText}. */
  void accept(JsonNode chunk, Consumer<String> onText) {
    JsonNode candidates = chunk.path("candidates");
    if (candidates.isArray() && candidates.size() > 0) {
      sawCandidate = true;
      JsonNode candidate = candidates.get(0);
      for (JsonNode part : candidate.path("content").path("parts")) {
        if (part.path("thought").asBoolean(false)) {
          continue;
        }
        JsonNode call = part.path("functionCall");
        if (call.isObject()) {
          toolCalls.add(toolCall(call));
        } else if (part.path("text").isTextual()) {
          String piece = part.path("text").asText();
          if (!piece.isEmpty()) {
            text.append(piece);
            onText.accept(piece);
          }
        }
      }
      String reason = candidate.path("finishReason").asText("");
      if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
        finishReason = reason;
      }
    }
    JsonNode metadata = chunk.path("usageMetadata");
    if (metadata.isObject()) {
      usage = usage(metadata);
    }
    responseId = textOr(chunk.path("responseId"), responseId);
    modelVersion = textOr(chunk.path("modelVersion"), modelVersion);
  }

  /** Whether a finish reason arrived: for a stream, the only sign that it is complete. */
  boolean finished() {
    return finishReason != null;
  }

  /** Whether any text or tool call arrived. */
  boolean hasContent() {
    return text.length() > 0 || !toolCalls.isEmpty();
  }

  /** The answer assembled so far. */
  ChatResponse toResponse(RawResponse response, String provider, String requestedModel) {
    FinishReason reason = finishReason(finishReason);
    if (reason == FinishReason.STOP && !toolCalls.isEmpty()) {
      reason =
          FinishReason
              .TOOL_CALLS; // Gemini says STOP when it calls tools; callers loop on TOOL_CALLS
    }
    ChatResponse.Builder builder = ChatResponse.builder();
    toolCalls.forEach(builder::toolCall);
    return builder
        .text(text.toString())
        .finishReason(reason)
        .usage(usage)
        .requestId(requestId(response))
        .provider(provider)
        .model(modelVersion != null ? modelVersion : requestedModel)
        .build();
  }

  /**
   * Gemini's {@code finishReason} in provider-neutral terms: STOP; MAX_TOKENS is LENGTH; SAFETY,
   * RECITATION, PROHIBITED_CONTENT, BLOCKLIST, SPII (and their image variants) are CONTENT_FILTER;
   * MALFORMED_FUNCTION_CALL and UNEXPECTED_TOOL_CALL are the model failing in band (ERROR);
   * anything else (LANGUAGE, OTHER, reasons added later) is UNKNOWN.
   */
  static FinishReason finishReason(String reason) {
    if (reason == null) {
      return FinishReason.UNKNOWN;
    }
    switch (reason) {
      case "STOP":
        return FinishReason.STOP;
      case "MAX_TOKENS":
        return FinishReason.LENGTH;
      case "SAFETY":
      case "RECITATION":
      case "PROHIBITED_CONTENT":
      case "BLOCKLIST":
      case "SPII":
      case "IMAGE_SAFETY":
      case "IMAGE_PROHIBITED_CONTENT":
      case "IMAGE_RECITATION":
        return FinishReason.CONTENT_FILTER;
      case "MALFORMED_FUNCTION_CALL":
      case "UNEXPECTED_TOOL_CALL":
        return FinishReason.ERROR;
      default:
        return FinishReason.UNKNOWN;
    }
  }

  /** An {@code INVALID_RESPONSE} failure. */
  static ProviderException invalid(int status, String message) {
    return new ProviderException(
        Failure.builder(ErrorKind.INVALID_RESPONSE).status(status).message(message).build());
  }

  private ToolCall toolCall(JsonNode call) {
    String id = call.path("id").asText("");
    if (id.isBlank()) {
      id = "call_" + toolCalls.size();
    }
    JsonNode args = call.get("args");
    String arguments = args == null || args.isNull() ? "{}" : args.toString();
    return new ToolCall(id, call.path("name").asText(""), arguments);
  }

  /**
   * Usage from {@code usageMetadata}. Completion tokens include {@code thoughtsTokenCount}: a
   * thinking model's thoughts are output, billed as such.
   */
  private static Usage usage(JsonNode metadata) {
    long prompt = metadata.path("promptTokenCount").asLong(0);
    long completion =
        metadata.path("candidatesTokenCount").asLong(0)
            + metadata.path("thoughtsTokenCount").asLong(0);
    return new Usage(clamp(prompt), clamp(completion));
  }

  /** A request id from the headers Google front ends set, else the body's {@code responseId}. */
  private String requestId(RawResponse response) {
    for (String header : new String[] {"x-request-id", "x-goog-request-id"}) {
      String value = response.header(header).orElse("");
      if (!value.isBlank()) {
        return value;
      }
    }
    return responseId;
  }

  private static String textOr(JsonNode node, String fallback) {
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : fallback;
  }

  private static int clamp(long value) {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
  }
}
