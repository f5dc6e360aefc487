package dev.lifeline.provider.gemini;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a provider-neutral {@link ChatRequest} into the body of Gemini's {@code
 * generateContent} and {@code streamGenerateContent} (the same body; only the URL differs).
 *
 * <ul>
 *   <li>System messages join {@code systemInstruction} (blank line between them).
 *   <li>{@code contents} alternate {@code user} / {@code model}; consecutive turns of one role
 *       merge. Assistant tool calls become {@code functionCall} parts ({@code {name, args}}); tool
 *       results become {@code functionResponse} parts in a {@code user} turn, as the current
 *       function-calling guide shows, named after the call they answer (Gemini matches results by
 *       name and order). A result that is a JSON object is sent as the response itself; any other
 *       text as {@code {"output": text}}, the key the API reference gives for a function's output.
 *   <li>{@code generationConfig}: every sampling setting ({@code temperature}, {@code topP}, {@code
 *       topK}, {@code frequencyPenalty}, {@code presencePenalty}, {@code seed}), {@code
 *       maxOutputTokens}, {@code stopSequences}; JSON modes set {@code responseMimeType:
 *       application/json}, and a schema goes as {@code responseJsonSchema}, which takes JSON Schema
 *       as it is (the older {@code responseSchema} takes only an OpenAPI subset).
 *   <li>Tools: {@code [{functionDeclarations: [{name, description, parametersJsonSchema}]}]}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class GeminiRequestWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GeminiRequestWriter() {}

  /**
   * The request body as JSON text.
   *
   * @throws IllegalArgumentException if a tool's schema or the response schema is not a JSON object
   */
  static String write(ChatRequest request) {
    return toJson(request).toString();
  }

  /** The request body as a tree. */
  static ObjectNode toJson(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    List<String> system = new ArrayList<>();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM && !message.content().isBlank()) {
        system.add(message.content());
      }
    }
    if (!system.isEmpty()) {
      body.putObject("systemInstruction")
          .putArray("parts")
          .addObject()
          .put("text", String.join("\n\n", system));
    }
    body.set("contents", contents(request.messages()));
    if (!request.tools().isEmpty()) {
      ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (Tool tool : request.tools()) {
        ObjectNode declaration = declarations.addObject();
        declaration.put("name", tool.name());
        if (!tool.description().isEmpty()) {
          declaration.put("description", tool.description());
        }
        // JSON Schema as written: "parameters" takes Google's restricted Schema type, which answers
        // 400 to $schema, additionalProperties or a type list (as responseJsonSchema below).
        declaration.set(
            "parametersJsonSchema", schema(tool.parametersSchemaJson(), "tool " + tool.name()));
      }
    }
    ObjectNode config = generationConfig(request);
    if (!config.isEmpty()) {
      body.set("generationConfig", config);
    }
    return body;
  }

  private static ObjectNode generationConfig(ChatRequest request) {
    ObjectNode config = JSON.createObjectNode();
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      config.put("topP", request.topP());
    }
    if (request.topK() != null) {
      config.put("topK", request.topK());
    }
    if (request.frequencyPenalty() != null) {
      config.put("frequencyPenalty", request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      config.put("presencePenalty", request.presencePenalty());
    }
    if (request.seed() != null) {
      config.put("seed", request.seed());
    }
    if (request.maxTokens() != null) {
      config.put("maxOutputTokens", request.maxTokens());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      request.stop().forEach(stops::add);
    }
    ResponseFormat format = request.responseFormat();
    if (format.wantsJson()) {
      config.put("responseMimeType", "application/json");
    }
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      config.set("responseJsonSchema", schema(format.schemaJson(), "response schema"));
    }
    return config;
  }

  private static ArrayNode contents(List<Message> messages) {
    Map<String, String> toolNames = new HashMap<>();
    ArrayNode contents = JSON.createArrayNode();
    ObjectNode last = null;
    for (Message message : messages) {
      if (message.role() == Role.SYSTEM) {
        continue;
      }
      List<ObjectNode> parts = parts(message, toolNames);
      if (parts.isEmpty()) {
        continue; // the API rejects a turn without parts
      }
      String role = message.role() == Role.ASSISTANT ? "model" : "user";
      if (last == null || !last.path("role").asText().equals(role)) {
        last = contents.addObject();
        last.put("role", role);
        last.putArray("parts");
      }
      ((ArrayNode) last.get("parts")).addAll(parts);
    }
    return contents;
  }

  private static List<ObjectNode> parts(Message message, Map<String, String> toolNames) {
    List<ObjectNode> parts = new ArrayList<>();
    if (message.role() == Role.TOOL) {
      ObjectNode part = JSON.createObjectNode();
      ObjectNode call = part.putObject("functionResponse");
      // A result whose call is not in the conversation keeps its id as the name: the best guess
      // left.
      call.put("name", toolNames.getOrDefault(message.toolCallId(), message.toolCallId()));
      call.set("response", toolResult(message.content()));
      parts.add(part);
      return parts;
    }
    if (!message.content().isEmpty()) {
      parts.add(JSON.createObjectNode().put("text", message.content()));
    }
    if (message.role() == Role.ASSISTANT) {
      for (ToolCall toolCall : message.toolCalls()) {
        toolNames.put(toolCall.id(), toolCall.name());
        ObjectNode part = JSON.createObjectNode();
        ObjectNode call = part.putObject("functionCall");
        call.put("name", toolCall.name());
        call.set("args", arguments(toolCall.argumentsJson()));
        parts.add(part);
      }
    }
    return parts;
  }

  /** A tool's result as the object {@code functionResponse.response} must be. */
  private static JsonNode toolResult(String content) {
    JsonNode parsed = objectOrNull(content);
    return parsed != null ? parsed : JSON.createObjectNode().put("output", content);
  }

  /**
   * A tool call's arguments as the object {@code args} must be. Arguments that are not a JSON
   * object (a model once produced them truncated) are kept as text under {@code "arguments"}, so
   * replaying an old conversation does not fail the whole request.
   */
  private static JsonNode arguments(String argumentsJson) {
    JsonNode parsed = objectOrNull(argumentsJson);
    return parsed != null ? parsed : JSON.createObjectNode().put("arguments", argumentsJson);
  }

  private static JsonNode schema(String json, String what) {
    JsonNode parsed = objectOrNull(json);
    if (parsed == null) {
      String shown = json.length() > 100 ? json.substring(0, 99) + "…" : json;
      throw new IllegalArgumentException("the " + what + " is not a JSON object: " + shown);
    }
    return parsed;
  }

  private static JsonNode objectOrNull(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException malformed) {
      return null;
    }
  }
}
