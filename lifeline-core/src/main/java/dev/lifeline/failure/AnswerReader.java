package dev.lifeline.failure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a 2xx answer for the signs that the provider withheld or cut it: an OpenAI/Azure choice
 * stopped by the content filter with nothing in it, a Gemini prompt blocked before any candidate, a
 * Gemini candidate stopped with no parts, a choice that ended in {@code "error"}, an Anthropic stop
 * reason. Every method takes the body's top object ({@link LenientJson#top}) and never throws.
 */
final class AnswerReader {

  /** What a withheld answer is reported as: the provider's code and a message for the log. */
  record Finding(String code, String message) {}

  private AnswerReader() {}

  /** Choices, none with content, at least one stopped by the content filter. */
  static Optional<Finding> filteredChoices(JsonNode top) {
    JsonNode choices = choices(top);
    if (choices.size() == 0) {
      return Optional.empty();
    }
    boolean filtered = false;
    for (JsonNode choice : choices) {
      if (hasContent(choice)) {
        return Optional.empty();
      }
      filtered |= "content_filter".equals(choice.path("finish_reason").asText(null));
    }
    if (!filtered) {
      return Optional.empty();
    }
    String categories = filteredCategories(choices.get(0).path("content_filter_results"));
    return Optional.of(
        new Finding(
            "content_filter",
            "the provider's content filter withheld the answer"
                + (categories.isEmpty() ? "" : " (" + categories + ")")));
  }

  /** A Gemini prompt blocked ({@code promptFeedback.blockReason}) before any candidate. */
  static Optional<Finding> blockedPrompt(JsonNode top) {
    if (top == null || choices(top).size() > 0) {
      return Optional.empty();
    }
    JsonNode candidates = top.path("candidates");
    String blockReason = top.path("promptFeedback").path("blockReason").asText("");
    if (blockReason.isEmpty() || (candidates.isArray() && candidates.size() > 0)) {
      return Optional.empty();
    }
    String detail = top.path("promptFeedback").path("blockReasonMessage").asText("");
    return Optional.of(
        new Finding(
            blockReason,
            "the prompt was blocked: " + blockReason + (detail.isEmpty() ? "" : " - " + detail)));
  }

  /** Gemini candidates, none with parts, at least one stopped for one of {@code reasons}. */
  static Optional<Finding> blockedCandidates(JsonNode top, Set<String> reasons) {
    if (top == null || choices(top).size() > 0) {
      return Optional.empty();
    }
    JsonNode candidates = top.path("candidates");
    if (!candidates.isArray()) {
      return Optional.empty();
    }
    String reason = null;
    for (JsonNode candidate : candidates) {
      JsonNode parts = candidate.path("content").path("parts");
      if (parts.isArray() && parts.size() > 0) {
        return Optional.empty(); // some answer came through: the validators judge it
      }
      String finish = candidate.path("finishReason").asText("");
      if (reasons.contains(finish)) {
        reason = finish;
      }
    }
    return reason == null
        ? Optional.empty()
        : Optional.of(new Finding(reason, "the answer was blocked: finishReason " + reason));
  }

  /** Whether a choice ended with {@code finish_reason: "error"} (Mistral, OpenRouter in-band). */
  static boolean hasErroredChoice(JsonNode top) {
    for (JsonNode choice : choices(top)) {
      if ("error".equals(ErrorEnvelope.text(choice.get("finish_reason")))) {
        return true;
      }
    }
    return false;
  }

  /** Anthropic's {@code stop_reason}, or empty. */
  static String stopReason(JsonNode top) {
    return top == null ? "" : top.path("stop_reason").asText("");
  }

  private static JsonNode choices(JsonNode top) {
    JsonNode choices = top == null ? null : top.path("choices");
    return choices != null && choices.isArray()
        ? choices
        : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static boolean hasContent(JsonNode choice) {
    JsonNode message = choice.has("message") ? choice.path("message") : choice.path("delta");
    JsonNode content = message.path("content");
    boolean text =
        (content.isTextual() && !content.asText().isEmpty())
            || (content.isArray() && content.size() > 0)
            || (choice.path("text").isTextual() && !choice.path("text").asText().isEmpty());
    JsonNode toolCalls = message.path("tool_calls");
    return text
        || (toolCalls.isArray() && toolCalls.size() > 0)
        || message.path("function_call").isObject();
  }

  private static String filteredCategories(JsonNode results) {
    StringBuilder names = new StringBuilder();
    results
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().path("filtered").asBoolean(false)) {
                names.append(names.length() == 0 ? "" : ", ").append(entry.getKey());
              }
            });
    return ProviderText.summary(names.toString());
  }
}
