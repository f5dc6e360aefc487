package dev.lifeline.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Role;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a provider-neutral {@link ChatRequest} into the body of Anthropic's {@code POST
 * /v1/messages}.
 *
 * <ul>
 *   <li>Every system message, wherever it stands, joins the top-level {@code system} field (blank
 *       line between them): the Messages API has no system role.
 *   <li>{@code max_tokens} is required by the API: the request's, else this writer's default.
 *   <li>Turns alternate user/assistant: consecutive turns of the same role are merged into one,
 *       tool calls become {@code tool_use} blocks and tool results user-role {@code tool_result}
 *       blocks. Turns with nothing in them are dropped, since the API rejects empty content.
 *   <li>A JSON schema response format is the API's structured output, {@code output_config.format}
 *       of type {@code json_schema}. The API has no schema-less JSON mode, so {@link
 *       ResponseFormat.Type#JSON_OBJECT} adds an instruction to the system prompt instead.
 *   <li>No sampling setting: the current Messages API deprecates {@code temperature}, {@code top_p}
 *       and {@code top_k} (its SDK's request type has none of them) and never had penalties or a
 *       seed, so none of the request's is sent; {@link AnthropicWire#unsentSettings} names each one
 *       the request set, for the call's trace.
 * </ul>
 *
 * <p>Thread-safe; holds only its default.
 */
final class AnthropicRequestWriter {

  /** Added to the system prompt for {@link ResponseFormat.Type#JSON_OBJECT}. */
  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single JSON object and nothing else: no prose before or after it, and no"
          + " Markdown code fences.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int defaultMaxTokens;

  AnthropicRequestWriter(int defaultMaxTokens) {
    this.defaultMaxTokens = defaultMaxTokens;
  }

  /**
   * The request body as JSON text.
   *
   * @throws IllegalArgumentException if a tool's schema or the response schema is not a JSON object
   */
  String write(ChatRequest request, String model, boolean stream) {
    return toJson(request, model, stream).toString();
  }

  /** The request body as a tree. */
  ObjectNode toJson(ChatRequest request, String model, boolean stream) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
    String system = system(request);
    if (!system.isEmpty()) {
      body.put("system", system);
    }
    body.set("messages", messages(request.messages()));
    if (!request.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      request.stop().forEach(stops::add);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (Tool tool : request.tools()) {
        ObjectNode node = tools.addObject();
        node.put("name", tool.name());
        if (!tool.description().isEmpty()) {
          node.put("description", tool.description());
        }
        node.set("input_schema", schema(tool.parametersSchemaJson(), "tool " + tool.name()));
      }
    }
    ResponseFormat format = request.responseFormat();
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      ObjectNode json = body.putObject("output_config").putObject("format");
      json.put("type", "json_schema");
      json.set("schema", schema(format.schemaJson(), "response schema"));
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private static String system(ChatRequest request) {
    List<String> parts = new ArrayList<>();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM && !message.content().isBlank()) {
        parts.add(message.content());
      }
    }
    if (request.responseFormat().type() == ResponseFormat.Type.JSON_OBJECT) {
      parts.add(JSON_OBJECT_INSTRUCTION);
    }
    return String.join("\n\n", parts);
  }

  private static ArrayNode messages(List<Message> messages) {
    List<Turn> turns = new ArrayList<>();
    for (Message message : messages) {
      if (message.role() == Role.SYSTEM) {
        continue;
      }
      List<ObjectNode> blocks = blocks(message);
      if (blocks.isEmpty()) {
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
      Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
      if (last != null && last.role.equals(role)) {
        last.blocks.addAll(blocks);
      } else {
        turns.add(new Turn(role, blocks));
      }
    }
    ArrayNode array = JSON.createArrayNode();
    for (Turn turn : turns) {
      ObjectNode node = array.addObject();
      node.put("role", turn.role);
      if (turn.blocks.size() == 1 && "text".equals(turn.blocks.get(0).path("type").asText())) {
        node.put("content", turn.blocks.get(0).path("text").asText()); // the plain form
      } else {
        node.putArray("content").addAll(turn.blocks);
      }
    }
    return array;
  }

  private static List<ObjectNode> blocks(Message message) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (message.role() == Role.TOOL) {
      ObjectNode result = JSON.createObjectNode();
      result.put("type", "tool_result");
      result.put("tool_use_id", message.toolCallId());
      if (!message.content().isEmpty()) {
        result.put("content", message.content());
      }
      blocks.add(result);
      return blocks;
    }
    if (!message.content().isEmpty()) {
      ObjectNode text = JSON.createObjectNode();
      text.put("type", "text");
      text.put("text", message.content());
      blocks.add(text);
    }
    if (message.role() == Role.ASSISTANT) {
      for (ToolCall call : message.toolCalls()) {
        ObjectNode use = JSON.createObjectNode();
        use.put("type", "tool_use");
        use.put("id", call.id());
        use.put("name", call.name());
        use.set("input", arguments(call.argumentsJson()));
        blocks.add(use);
      }
    }
    return blocks;
  }

  /**
   * A tool call's arguments as the object {@code input} must be. Arguments that are not a JSON
   * object (a model once produced them truncated) are kept as text under {@code "arguments"}, so
   * replaying an old conversation does not fail the whole request.
   */
  private static JsonNode arguments(String argumentsJson) {
    try {
      JsonNode node = JSON.readTree(argumentsJson);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException malformed) {
      // kept as text below
    }
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.put("arguments", argumentsJson);
    return wrapped;
  }

  private static JsonNode schema(String json, String what) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException malformed) {
      // reported below
    }
    throw new IllegalArgumentException(
        "the " + what + " is not a JSON object: " + abbreviate(json));
  }

  private static String abbreviate(String text) {
    return text.length() > 100 ? text.substring(0, 99) + "…" : text;
  }

  /** One turn being assembled: a role and its content blocks. */
  private static final class Turn {
    final String role;
    final List<ObjectNode> blocks;

    Turn(String role, List<ObjectNode> blocks) {
      this.role = role;
      this.blocks = new ArrayList<>(blocks);
    }
  }
}
