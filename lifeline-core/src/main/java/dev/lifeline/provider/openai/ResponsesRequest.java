package dev.lifeline.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Role;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;

/**
 * Writes a provider-neutral {@link ChatRequest} as a Responses API request body ({@code POST
 * /v1/responses}).
 *
 * <p>The mapping: system messages become {@code instructions} (joined by a blank line); every other
 * message is an {@code input} item (user and assistant text as messages, an assistant's tool calls
 * as {@code function_call} items, a tool's result as a {@code function_call_output}); the token
 * limit is {@code max_output_tokens}, raised to the API's minimum of 16 when smaller (a smaller one
 * is a 400 there); a JSON answer is asked through {@code text.format}; tools are function tools,
 * strict only when their schema meets OpenAI's strict rules (the Responses API makes them strict by
 * default, which would refuse a schema that does not). {@code store} is always false: the whole
 * conversation is sent each time, so nothing needs keeping on OpenAI's side. The API has no stop
 * sequences, so {@link ChatRequest#stop()} is not sent (see {@link ResponsesWire}). Stateless and
 * thread-safe.
 */
final class ResponsesRequest {

  /** The API refuses a smaller {@code max_output_tokens} with a 400. */
  static final int MIN_OUTPUT_TOKENS = 16;

  private ResponsesRequest() {}

  /**
   * The body for {@code request} to {@code model}.
   *
   * @throws dev.lifeline.failure.ProviderException with {@code BAD_REQUEST} when a tool's or the
   *     response format's schema is not a JSON object
   */
  static byte[] write(ChatRequest request, String model, boolean stream) {
    ObjectNode body = OpenAiJson.MAPPER.createObjectNode();
    body.put("model", model);
    String instructions = instructions(request);
    if (instructions != null) {
      body.put("instructions", instructions);
    }
    ArrayNode input = body.putArray("input");
    if (JsonModeWord.needed(request, false)) {
      input
          .addObject()
          .put("type", "message")
          .put("role", "developer")
          .put("content", JsonModeWord.INSTRUCTION);
    }
    for (Message message : request.messages()) {
      addItems(input, message);
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, request.maxTokens()));
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (Tool tool : request.tools()) {
        tools.add(tool(tool));
      }
    }
    ObjectNode format = format(request.responseFormat());
    if (format != null) {
      body.putObject("text").set("format", format);
    }
    body.put("store", false);
    if (stream) {
      body.put("stream", true);
    }
    try {
      return OpenAiJson.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e); // cannot happen
    }
  }

  private static String instructions(ChatRequest request) {
    StringBuilder joined = new StringBuilder();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM) {
        if (joined.length() > 0) {
          joined.append("\n\n");
        }
        joined.append(message.content());
      }
    }
    return joined.length() == 0 ? null : joined.toString();
  }

  private static void addItems(ArrayNode input, Message message) {
    switch (message.role()) {
      case SYSTEM:
        return; // in instructions
      case TOOL:
        input
            .addObject()
            .put("type", "function_call_output")
            .put("call_id", message.toolCallId())
            .put("output", message.content());
        return;
      case ASSISTANT:
        if (!message.content().isEmpty() || message.toolCalls().isEmpty()) {
          input
              .addObject()
              .put("type", "message")
              .put("role", "assistant")
              .put("content", message.content());
        }
        for (ToolCall call : message.toolCalls()) {
          input
              .addObject()
              .put("type", "function_call")
              .put("call_id", call.id())
              .put("name", call.name())
              .put("arguments", call.argumentsJson());
        }
        return;
      default:
        input
            .addObject()
            .put("type", "message")
            .put("role", "user")
            .put("content", message.content());
    }
  }

  private static ObjectNode tool(Tool tool) {
    ObjectNode node = OpenAiJson.MAPPER.createObjectNode();
    node.put("type", "function");
    node.put("name", tool.name());
    if (!tool.description().isEmpty()) {
      node.put("description", tool.description());
    }
    JsonNode parameters =
        ChatCompletionsRequest.schema(
            tool.parametersSchemaJson(), "the parameters of tool '" + tool.name() + "'");
    node.set("parameters", parameters);
    node.put("strict", StrictSchemas.qualifies(parameters));
    return node;
  }

  private static ObjectNode format(ResponseFormat format) {
    switch (format.type()) {
      case JSON_OBJECT:
        return OpenAiJson.MAPPER.createObjectNode().put("type", "json_object");
      case JSON_SCHEMA:
        ObjectNode node = OpenAiJson.MAPPER.createObjectNode().put("type", "json_schema");
        node.put("name", ChatCompletionsRequest.schemaName(format.schemaName()));
        JsonNode schema =
            ChatCompletionsRequest.schema(format.schemaJson(), "the response format's schema");
        node.set("schema", schema);
        node.put("strict", StrictSchemas.qualifies(schema));
        return node;
      default:
        return null;
    }
  }
}
