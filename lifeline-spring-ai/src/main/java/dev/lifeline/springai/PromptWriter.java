package dev.lifeline.springai;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import dev.lifeline.model.UnsentSetting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Writes Lifeline's request as a Spring AI {@link Prompt} for a wrapped model: its messages, and
 * options that start from the model's own defaults (its key, base URL, client settings) with the
 * deployment's model name and the request's settings on top (temperature, top-p, top-k, the
 * penalties, the token limit, stop sequences, tools, a JSON schema).
 */
final class PromptWriter {

  private PromptWriter() {}

  /** The prompt for {@code request} to {@code model} of {@code chatModel}. */
  static Prompt prompt(ChatRequest request, String model, ChatModel chatModel) {
    List<org.springframework.ai.chat.messages.Message> messages = new ArrayList<>();
    Map<String, String> toolNames = new HashMap<>();
    for (Message message : request.messages()) {
      messages.add(message(message, toolNames));
    }
    ChatOptions.Builder<?> options = chatModel.getOptions().mutate();
    if (!request.tools().isEmpty() && !(options instanceof ToolCallingChatOptions.Builder)) {
      // The model's own options take no tools: the portable ones do, with its settings copied.
      options = ToolCallingChatOptions.builder().combineWith(options);
    }
    options.model(model);
    if (request.temperature() != null) {
      options.temperature(request.temperature());
    }
    if (request.topP() != null) {
      options.topP(request.topP());
    }
    if (request.topK() != null) {
      options.topK(request.topK());
    }
    if (request.frequencyPenalty() != null) {
      options.frequencyPenalty(request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      options.presencePenalty(request.presencePenalty());
    }
    if (request.maxTokens() != null) {
      options.maxTokens(request.maxTokens());
    }
    if (!request.stop().isEmpty()) {
      options.stopSequences(request.stop());
    }
    if (!request.tools().isEmpty()) {
      List<ToolCallback> callbacks = new ArrayList<>();
      for (Tool tool : request.tools()) {
        callbacks.add(new DeclaredTool(tool));
      }
      ((ToolCallingChatOptions.Builder<?>) options).toolCallbacks(callbacks);
    }
    if (request.responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA
        && options instanceof StructuredOutputChatOptions.Builder) {
      ((StructuredOutputChatOptions.Builder<?>) options)
          .outputSchema(request.responseFormat().schemaJson());
    }
    return new Prompt(messages, options.build());
  }

  /**
   * The sampling settings of {@code request} that {@code options}, built for it, do not hold: the
   * seed, which Spring AI's portable options lack, and any the wrapped model's options drop
   * (OpenAI's report no top-k whatever they were given).
   */
  static List<UnsentSetting> unsent(ChatRequest request, ChatOptions options) {
    List<UnsentSetting> unsent = new ArrayList<>();
    String dropped = options.getClass().getSimpleName() + " drops it";
    for (SamplingSetting setting : SamplingSetting.values()) {
      Object asked = setting.valueIn(request);
      if (asked == null) {
        continue;
      }
      Object held =
          switch (setting) {
            case TEMPERATURE -> options.getTemperature();
            case TOP_P -> options.getTopP();
            case TOP_K -> options.getTopK();
            case FREQUENCY_PENALTY -> options.getFrequencyPenalty();
            case PRESENCE_PENALTY -> options.getPresencePenalty();
            case SEED -> null;
          };
      if (setting == SamplingSetting.SEED) {
        unsent.add(new UnsentSetting(setting, asked, "Spring AI's ChatOptions have no seed"));
      } else if (!asked.equals(held)) {
        unsent.add(new UnsentSetting(setting, asked, dropped));
      }
    }
    return unsent;
  }

  private static org.springframework.ai.chat.messages.Message message(
      Message message, Map<String, String> toolNames) {
    return switch (message.role()) {
      case SYSTEM -> new SystemMessage(message.content());
      case USER -> new UserMessage(message.content());
      case ASSISTANT -> {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
          toolNames.put(call.id(), call.name());
          calls.add(
              new AssistantMessage.ToolCall(
                  call.id(), "function", call.name(), call.argumentsJson()));
        }
        yield AssistantMessage.builder().content(message.content()).toolCalls(calls).build();
      }
      case TOOL ->
          ToolResponseMessage.builder()
              .responses(
                  List.of(
                      new ToolResponseMessage.ToolResponse(
                          message.toolCallId(),
                          toolNames.getOrDefault(message.toolCallId(), ""),
                          message.content())))
              .build();
    };
  }
}
