package dev.lifeline.springai;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.Generation;

/**
 * Reads a wrapped model's answers as Lifeline's: a whole answer, or the chunks of a stream added up
 * ({@link #add}) until the stream ends ({@link #answer}). Not thread-safe; a stream's chunks come
 * one after another.
 */
final class AnswerReader {

  private final String provider;
  private final String model;
  private final StringBuilder text = new StringBuilder();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private FinishReason finishReason;
  private Usage usage = Usage.NONE;
  private String requestId;
  private String answeringModel;
  private String refusal;
  private boolean sawAnything;

  AnswerReader(String provider, String model) {
    this.provider = provider;
    this.model = model;
  }

  /**
   * Adds one answer, or one chunk of a stream; returns the text it carries (empty when none).
   *
   * @throws ProviderException if it holds no generation at all and says nothing else
   */
  String add(org.springframework.ai.chat.model.ChatResponse response) {
    if (response == null) {
      return "";
    }
    String added = "";
    for (Generation generation : response.getResults()) {
      sawAnything = true;
      AssistantMessage message = generation.getOutput();
      if (message.getText() != null) {
        added += message.getText();
      }
      for (AssistantMessage.ToolCall call : message.getToolCalls()) {
        toolCalls.add(new ToolCall(call.id(), call.name(), call.arguments()));
      }
      String reason = generation.getMetadata().getFinishReason();
      if (reason != null && !reason.isBlank()) {
        finishReason = finishReason(reason);
      }
      Object refused = generation.getMetadata().get("refusal");
      if (refused instanceof String words && !words.isBlank()) {
        refusal = words;
      }
    }
    text.append(added);
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      if (metadata.getId() != null && !metadata.getId().isBlank()) {
        requestId = metadata.getId();
      }
      if (metadata.getModel() != null && !metadata.getModel().isBlank()) {
        answeringModel = metadata.getModel();
      }
      org.springframework.ai.chat.metadata.Usage reported = metadata.getUsage();
      if (reported != null && reported.getTotalTokens() != null && reported.getTotalTokens() > 0) {
        usage =
            new Usage(orZero(reported.getPromptTokens()), orZero(reported.getCompletionTokens()));
      }
    }
    return added;
  }

  /**
   * The answer, once the whole of it was added.
   *
   * @param streamed whether the chunks came from a stream, where a missing finish reason means the
   *     stream was cut short
   * @throws ProviderException with {@code INVALID_RESPONSE} if no generation came, or a stream
   *     ended without a finish reason
   */
  ChatResponse answer(boolean streamed) {
    if (!sawAnything) {
      throw new ProviderException(
          Failure.of(ErrorKind.INVALID_RESPONSE, "the wrapped model answered no generation"));
    }
    if (streamed && finishReason == null) {
      throw new ProviderException(
          Failure.of(
              ErrorKind.INVALID_RESPONSE,
              "the wrapped model's stream ended without a finish reason (cut short)"));
    }
    ChatResponse.Builder answer =
        ChatResponse.builder()
            .text(text.toString())
            .finishReason(finishReason == null ? FinishReason.UNKNOWN : finishReason)
            .usage(usage)
            .refusal(refusal)
            .requestId(requestId)
            .provider(provider)
            .model(answeringModel == null ? model : answeringModel);
    toolCalls.forEach(answer::toolCall);
    return answer.build();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : Math.max(0, value);
  }

  /** Spring AI's finish reasons are each provider's own words, in any case. */
  static FinishReason finishReason(String reason) {
    return switch (reason.trim().toUpperCase(Locale.ROOT)) {
      case "STOP", "END_TURN", "STOP_SEQUENCE", "COMPLETE" -> FinishReason.STOP;
      case "LENGTH", "MAX_TOKENS" -> FinishReason.LENGTH;
      case "TOOL_CALLS", "TOOL_CALL", "TOOL_USE", "FUNCTION_CALL" -> FinishReason.TOOL_CALLS;
      case "CONTENT_FILTER", "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT" ->
          FinishReason.CONTENT_FILTER;
      case "REFUSAL" -> FinishReason.REFUSAL;
      case "ERROR" -> FinishReason.ERROR;
      default -> FinishReason.UNKNOWN;
    };
  }
}
