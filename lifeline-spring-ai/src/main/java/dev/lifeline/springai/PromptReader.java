package dev.lifeline.springai;

import dev.lifeline.CallOptions;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Reads a Spring AI {@link Prompt} as Lifeline's provider-neutral {@link ChatRequest}: the prompt's
 * own options where it sets them, the model's defaults otherwise.
 */
final class PromptReader {

  private final ChatOptions runtime;
  private final LifelineChatOptions defaults;

  private PromptReader(ChatOptions runtime, LifelineChatOptions defaults) {
    this.runtime = runtime;
    this.defaults = defaults;
  }

  /** The reader of {@code prompt}, over the model's {@code defaults}. */
  static PromptReader of(Prompt prompt, LifelineChatOptions defaults) {
    return new PromptReader(prompt.getOptions(), defaults);
  }

  /**
   * The request {@code prompt} stands for.
   *
   * @throws IllegalArgumentException if it sets a value out of Lifeline's range (a top-p above
   *     1...), or media
   */
  ChatRequest request(Prompt prompt) {
    ChatRequest.Builder request = ChatRequest.builder();
    for (org.springframework.ai.chat.messages.Message message : prompt.getInstructions()) {
      add(message, request);
    }
    Double temperature = option(ChatOptions::getTemperature);
    if (temperature != null) {
      request.temperature(temperature);
    }
    sampling(request);
    Integer maxTokens = option(ChatOptions::getMaxTokens);
    if (maxTokens != null) {
      request.maxTokens(maxTokens);
    }
    List<String> stop = option(ChatOptions::getStopSequences);
    if (stop != null) {
      stop.forEach(request::stop);
    }
    for (ToolCallback callback : tools()) {
      ToolDefinition definition = callback.getToolDefinition();
      request.tool(new Tool(definition.name(), definition.description(), definition.inputSchema()));
    }
    request.responseFormat(format());
    return request.build();
  }

  /** The engine's options for the call. */
  CallOptions callOptions() {
    CallOptions options =
        runtime instanceof LifelineChatOptions lifeline ? lifeline.getCallOptions() : null;
    if (options == null) {
      options = defaults.getCallOptions();
    }
    return options == null ? CallOptions.defaults() : options;
  }

  private static void add(
      org.springframework.ai.chat.messages.Message message, ChatRequest.Builder request) {
    String text = message.getText() == null ? "" : message.getText();
    switch (message.getMessageType()) {
      case SYSTEM -> request.system(text);
      case USER -> {
        if (message instanceof UserMessage user && !user.getMedia().isEmpty()) {
          throw new IllegalArgumentException(
              "a user message carries media, which Lifeline's provider-neutral request cannot send;"
                  + " send text only");
        }
        request.user(text);
      }
      case ASSISTANT -> {
        List<ToolCall> calls = new ArrayList<>();
        if (message instanceof AssistantMessage assistant) {
          for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
            calls.add(new ToolCall(call.id(), call.name(), call.arguments()));
          }
        }
        request.message(Message.assistant(text, calls));
      }
      case TOOL -> {
        for (ToolResponseMessage.ToolResponse response :
            ((ToolResponseMessage) message).getResponses()) {
          request.message(Message.tool(response.id(), response.responseData()));
        }
      }
    }
  }

  private List<ToolCallback> tools() {
    List<ToolCallback> tools = toolsOf(runtime);
    return tools.isEmpty() ? toolsOf(defaults) : tools;
  }

  private static List<ToolCallback> toolsOf(ChatOptions options) {
    if (options instanceof ToolCallingChatOptions tooling) {
      List<ToolCallback> tools = tooling.getToolCallbacks();
      return tools == null ? List.of() : tools;
    }
    return List.of();
  }

  private ResponseFormat format() {
    String schema = outputSchema(runtime);
    if (schema == null) {
      schema = defaults.getOutputSchema();
    }
    if (schema != null && !schema.isBlank()) {
      return ResponseFormat.jsonSchema("response", schema);
    }
    ResponseFormat format =
        runtime instanceof LifelineChatOptions lifeline ? lifeline.getResponseFormat() : null;
    if (format == null) {
      format = defaults.getResponseFormat();
    }
    return format == null ? ResponseFormat.text() : format;
  }

  private static String outputSchema(ChatOptions options) {
    return options instanceof StructuredOutputChatOptions structured
        ? structured.getOutputSchema()
        : null;
  }

  private <T> T option(Function<ChatOptions, T> getter) {
    T value = runtime == null ? null : getter.apply(runtime);
    return value != null ? value : getter.apply(defaults);
  }

  /** Top-p, top-k, the penalties and Lifeline's own seed, where the prompt or defaults set them. */
  private void sampling(ChatRequest.Builder request) {
    Double topP = option(ChatOptions::getTopP);
    if (topP != null) {
      request.topP(topP);
    }
    Integer topK = option(ChatOptions::getTopK);
    if (topK != null) {
      request.topK(topK);
    }
    Double frequencyPenalty = option(ChatOptions::getFrequencyPenalty);
    if (frequencyPenalty != null) {
      request.frequencyPenalty(frequencyPenalty);
    }
    Double presencePenalty = option(ChatOptions::getPresencePenalty);
    if (presencePenalty != null) {
      request.presencePenalty(presencePenalty);
    }
    Integer seed = runtime instanceof LifelineChatOptions lifeline ? lifeline.getSeed() : null;
    if (seed == null) {
      seed = defaults.getSeed();
    }
    if (seed != null) {
      request.seed(seed);
    }
  }
}
