package dev.lifeline.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests both ways: LangChain4j's {@link dev.langchain4j.model.chat.request.ChatRequest} as
 * Lifeline's {@link ChatRequest} (for {@link LifelineChatModel}), and back (for {@link
 * LangChain4jProvider}).
 *
 * <p>Every sampling setting of LangChain4j's portable parameters (temperature, top-p, top-k, the
 * penalties) maps onto Lifeline's; Lifeline's seed has no place in them and is left out the other
 * way (see {@link LangChain4jProvider#unsentSettings}). What Lifeline's request cannot carry is
 * refused with LangChain4j's own {@link UnsupportedFeatureException}, naming the setting, rather
 * than dropped: a tool choice other than {@code AUTO}, a per-request model name (the engine's
 * cascade picks the model), and message content that is not text.
 */
final class RequestMapping {

  private RequestMapping() {}

  /**
   * LangChain4j's request as Lifeline's.
   *
   * @throws UnsupportedFeatureException naming a setting Lifeline's request cannot carry
   * @throws IllegalArgumentException if a setting is out of Lifeline's range (temperature above 2,
   *     top-p above 1...)
   */
  static ChatRequest toLifeline(dev.langchain4j.model.chat.request.ChatRequest request) {
    ChatRequest.Builder builder = ChatRequest.builder();
    for (ChatMessage message : request.messages()) {
      builder.message(toLifeline(message));
    }
    ChatRequestParameters parameters = request.parameters();
    if (parameters != null) {
      if (parameters.modelName() != null) {
        throw new UnsupportedFeatureException(
            "Lifeline picks the model from its engine's cascade; set models on the engine's"
                + " providers, not modelName on a request (was '"
                + parameters.modelName()
                + "')");
      }
      if (parameters.toolChoice() != null && parameters.toolChoice() != ToolChoice.AUTO) {
        throw new UnsupportedFeatureException(
            "Lifeline lets the model choose whether to call a tool; toolChoice "
                + parameters.toolChoice()
                + " is not supported (AUTO is)");
      }
      if (parameters.temperature() != null) {
        builder.temperature(parameters.temperature());
      }
      sampling(parameters, builder);
      if (parameters.maxOutputTokens() != null) {
        builder.maxTokens(parameters.maxOutputTokens());
      }
      if (parameters.stopSequences() != null) {
        parameters.stopSequences().forEach(builder::stop);
      }
      if (parameters.toolSpecifications() != null) {
        parameters.toolSpecifications().forEach(tool -> builder.tool(SchemaJson.toTool(tool)));
      }
      builder.responseFormat(toLifeline(parameters.responseFormat()));
    }
    return builder.build();
  }

  /**
   * Lifeline's request as LangChain4j's, for {@code model}.
   *
   * @throws IllegalArgumentException if a tool's parameters are not an object schema
   */
  static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(
      ChatRequest request, String model) {
    List<ChatMessage> messages = new ArrayList<>();
    Map<String, String> toolNames = new HashMap<>();
    for (Message message : request.messages()) {
      messages.add(toLangChain4j(message, toolNames));
    }
    List<ToolSpecification> tools = new ArrayList<>();
    for (Tool tool : request.tools()) {
      tools.add(SchemaJson.toSpecification(tool));
    }
    ChatRequestParameters parameters =
        ChatRequestParameters.builder()
            .modelName(model)
            .temperature(request.temperature())
            .topP(request.topP())
            .topK(request.topK())
            .frequencyPenalty(request.frequencyPenalty())
            .presencePenalty(request.presencePenalty())
            .maxOutputTokens(request.maxTokens())
            .stopSequences(request.stop().isEmpty() ? null : request.stop())
            .toolSpecifications(tools.isEmpty() ? null : tools)
            .responseFormat(toLangChain4j(request.responseFormat()))
            .build();
    return dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(messages)
        .parameters(parameters)
        .build();
  }

  /** The sampling settings besides temperature, each checked against Lifeline's range. */
  private static void sampling(ChatRequestParameters parameters, ChatRequest.Builder builder) {
    if (parameters.topP() != null) {
      builder.topP(parameters.topP());
    }
    if (parameters.topK() != null) {
      builder.topK(parameters.topK());
    }
    if (parameters.frequencyPenalty() != null) {
      builder.frequencyPenalty(parameters.frequencyPenalty());
    }
    if (parameters.presencePenalty() != null) {
      builder.presencePenalty(parameters.presencePenalty());
    }
  }

  private static Message toLifeline(ChatMessage message) {
    if (message instanceof SystemMessage system) {
      return Message.system(system.text());
    }
    if (message instanceof UserMessage user) {
      return Message.user(textOf(user));
    }
    if (message instanceof AiMessage ai) {
      List<ToolCall> calls = new ArrayList<>();
      for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
        calls.add(new ToolCall(idOf(call.id(), call.name()), call.name(), call.arguments()));
      }
      return Message.assistant(ai.text(), calls);
    }
    if (message instanceof ToolExecutionResultMessage result) {
      return Message.tool(idOf(result.id(), result.toolName()), result.text());
    }
    throw new UnsupportedFeatureException(
        "Lifeline sends system, user, AI and tool-result messages; not " + message.type());
  }

  /**
   * A tool call's id: some LangChain4j providers give none, and then the tool's name pairs the call
   * with its result, as those providers do.
   */
  private static String idOf(String id, String toolName) {
    return id != null && !id.isBlank() ? id : toolName;
  }

  private static String textOf(UserMessage user) {
    if (user.hasSingleText()) {
      return user.singleText();
    }
    StringBuilder text = new StringBuilder();
    for (Content content : user.contents()) {
      if (!(content instanceof TextContent part)) {
        throw new UnsupportedFeatureException(
            "Lifeline sends text only; a user message held " + content.type() + " content");
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(part.text());
    }
    return text.toString();
  }

  private static ChatMessage toLangChain4j(Message message, Map<String, String> toolNames) {
    return switch (message.role()) {
      case SYSTEM -> SystemMessage.from(message.content());
      case USER -> UserMessage.from(message.content());
      case ASSISTANT -> {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
          toolNames.put(call.id(), call.name());
          calls.add(
              ToolExecutionRequest.builder()
                  .id(call.id())
                  .name(call.name())
                  .arguments(call.argumentsJson())
                  .build());
        }
        yield calls.isEmpty()
            ? AiMessage.from(message.content())
            : AiMessage.from(message.content().isEmpty() ? null : message.content(), calls);
      }
      case TOOL ->
          ToolExecutionResultMessage.from(
              message.toolCallId(),
              toolNames.getOrDefault(message.toolCallId(), message.toolCallId()),
              message.content());
    };
  }

  private static ResponseFormat toLifeline(
      dev.langchain4j.model.chat.request.ResponseFormat format) {
    if (format == null || format.type() == ResponseFormatType.TEXT) {
      return ResponseFormat.text();
    }
    JsonSchema schema = format.jsonSchema();
    if (schema == null || schema.rootElement() == null) {
      return ResponseFormat.json();
    }
    return ResponseFormat.jsonSchema(schema.name(), SchemaJson.toJson(schema.rootElement()));
  }

  private static dev.langchain4j.model.chat.request.ResponseFormat toLangChain4j(
      ResponseFormat format) {
    return switch (format.type()) {
      case TEXT -> null;
      case JSON_OBJECT -> dev.langchain4j.model.chat.request.ResponseFormat.JSON;
      case JSON_SCHEMA ->
          dev.langchain4j.model.chat.request.ResponseFormat.builder()
              .type(ResponseFormatType.JSON)
              .jsonSchema(
                  JsonSchema.builder()
                      .name(format.schemaName())
                      .rootElement(SchemaJson.toElement(format.schemaJson()))
                      .build())
              .build();
    };
  }
}
