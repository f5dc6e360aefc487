package dev.lifeline.springai;

import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.Generation;

/** Writes Lifeline's answers as Spring AI's: a whole answer, or the chunks of a stream. */
final class ResponseWriter {

  private ResponseWriter() {}

  /** The whole answer {@code response}, with its trace under {@link LifelineChatModel#TRACE}. */
  static org.springframework.ai.chat.model.ChatResponse whole(ChatResponse response) {
    return last(response, response.text());
  }

  /** A chunk of streamed text, without metadata. */
  static org.springframework.ai.chat.model.ChatResponse delta(String text) {
    return new org.springframework.ai.chat.model.ChatResponse(
        List.of(new Generation(new AssistantMessage(text))));
  }

  /**
   * The last chunk of a stream, or a whole answer: {@code text}, the tool calls, the finish reason,
   * usage, id, model and trace.
   */
  static org.springframework.ai.chat.model.ChatResponse last(ChatResponse response, String text) {
    List<AssistantMessage.ToolCall> calls = new ArrayList<>();
    for (ToolCall call : response.toolCalls()) {
      calls.add(
          new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.argumentsJson()));
    }
    AssistantMessage message = AssistantMessage.builder().content(text).toolCalls(calls).build();
    ChatGenerationMetadata.Builder generation =
        ChatGenerationMetadata.builder().finishReason(response.finishReason().name());
    if (response.refusal() != null) {
      generation.metadata("refusal", response.refusal());
    }
    ChatResponseMetadata.Builder metadata =
        ChatResponseMetadata.builder()
            .model(response.model())
            .usage(
                new DefaultUsage(
                    response.usage().promptTokens(),
                    response.usage().completionTokens(),
                    response.usage().totalTokens()))
            .keyValue(LifelineChatModel.PROVIDER, response.provider())
            .keyValue(LifelineChatModel.TRACE, response.trace());
    if (response.requestId() != null) {
      metadata.id(response.requestId());
    }
    return new org.springframework.ai.chat.model.ChatResponse(
        List.of(new Generation(message, generation.build())), metadata.build());
  }
}
