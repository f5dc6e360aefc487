package dev.lifeline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.TokenUsage;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers both ways: Lifeline's {@link ChatResponse} as LangChain4j's, with its trace in {@link
 * LifelineChatResponseMetadata} (for {@link LifelineChatModel}), and LangChain4j's as Lifeline's
 * (for {@link LangChain4jProvider}).
 */
final class ResponseMapping {

  private ResponseMapping() {}

  /** Lifeline's answer as LangChain4j's. */
  static dev.langchain4j.model.chat.response.ChatResponse toLangChain4j(ChatResponse response) {
    return dev.langchain4j.model.chat.response.ChatResponse.builder()
        .aiMessage(aiMessage(response))
        .metadata(
            LifelineChatResponseMetadata.builder()
                .provider(response.provider())
                .trace(response.trace())
                .id(response.requestId())
                .modelName(response.model().isEmpty() ? null : response.model())
                .tokenUsage(tokenUsage(response.usage()))
                .finishReason(FinishReasons.toLangChain4j(response.finishReason()))
                .build())
        .build();
  }

  /** The answer's text and tool calls as LangChain4j's AI message. */
  static AiMessage aiMessage(ChatResponse response) {
    List<ToolExecutionRequest> calls = toolRequests(response.toolCalls());
    return AiMessage.builder()
        .text(calls.isEmpty() || !response.text().isEmpty() ? response.text() : null)
        .toolExecutionRequests(calls)
        .build();
  }

  /** Lifeline's tool calls as LangChain4j's requests, in order. */
  static List<ToolExecutionRequest> toolRequests(List<ToolCall> calls) {
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (ToolCall call : calls) {
      requests.add(
          ToolExecutionRequest.builder()
              .id(call.id())
              .name(call.name())
              .arguments(call.argumentsJson())
              .build());
    }
    return requests;
  }

  /**
   * LangChain4j's answer as Lifeline's, from {@code provider}; the model is the one the answer
   * names, else {@code model}, the one asked for.
   */
  static ChatResponse toLifeline(
      dev.langchain4j.model.chat.response.ChatResponse response, String provider, String model) {
    AiMessage message = response.aiMessage();
    ChatResponse.Builder builder =
        ChatResponse.builder()
            .text(message.text())
            .finishReason(FinishReasons.toLifeline(response.finishReason()))
            .usage(usage(response.tokenUsage()))
            .requestId(response.id())
            .provider(provider)
            .model(response.modelName() != null ? response.modelName() : model);
    List<ToolExecutionRequest> calls = message.toolExecutionRequests();
    for (ToolExecutionRequest call : calls) {
      String id = call.id() != null && !call.id().isBlank() ? call.id() : call.name();
      builder.toolCall(new ToolCall(id, call.name(), call.arguments()));
    }
    return builder.build();
  }

  private static TokenUsage tokenUsage(Usage usage) {
    return usage.equals(Usage.NONE)
        ? null
        : new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
  }

  private static Usage usage(TokenUsage usage) {
    if (usage == null) {
      return Usage.NONE;
    }
    return new Usage(zeroIfNull(usage.inputTokenCount()), zeroIfNull(usage.outputTokenCount()));
  }

  private static int zeroIfNull(Integer count) {
    return count == null ? 0 : Math.max(0, count);
  }
}
