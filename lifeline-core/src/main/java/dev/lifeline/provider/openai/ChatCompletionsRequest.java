package dev.lifeline.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Message;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.Tool;
import dev.lifeline.model.ToolCall;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a provider-neutral {@link ChatRequest} as a Chat Completions request body.
 *
 * <p>Only what the caller set is written, so each service keeps its own defaults. The token limit
 * goes to OpenAI and Azure (API version 2024-09-01 on) as {@code max_completion_tokens} (their
 * {@code max_tokens} is deprecated and reasoning models refuse it) and to every other service as
 * {@code max_tokens}, the one name all compatible servers know. Sampling settings go as {@code
 * top_p}, {@code frequency_penalty}, {@code presence_penalty} and {@code seed} ({@code random_seed}
 * for Mistral); {@code top_k} only to services that document it (OpenAI has none: it is left out,
 * and {@link OpenAiWire#unsentSettings} says so). Stateless and thread-safe.
 */
final class ChatCompletionsRequest {

  // OpenAI's rule for a json_schema name; other characters are a 400 for the whole request.
  private static final Pattern SCHEMA_NAME_CHAR = Pattern.compile("[^A-Za-z0-9_-]");
  private static final int MAX_SCHEMA_NAME = 64;

  private ChatCompletionsRequest() {}

  /**
   * The body for {@code request} to {@code model}.
   *
   * @param includeModel false for Azure, where the deployment in the URL names the model
   * @param completionTokens true to name the token limit {@code max_completion_tokens}, false for
   *     {@code max_tokens}
   * @param stream whether to ask for a stream of chunks with a final usage chunk
   * @throws ProviderException with {@code BAD_REQUEST} when a tool's or the response format's
   *     schema is not JSON: no service would accept the request as it is
   */
  static byte[] write(
      ChatRequest request,
      String model,
      boolean includeModel,
      boolean completionTokens,
      boolean stream) {
    return write(request, model, includeModel, completionTokens, stream, Preset.OPENAI);
  }

  /**
   * The body for {@code request} to {@code model} of {@code preset}'s service, with the sampling
   * settings it takes ({@link Preset#sampling()}) and no others.
   *
   * @see #write(ChatRequest, String, boolean, boolean, boolean)
   */
  static byte[] write(
      ChatRequest request,
      String model,
      boolean includeModel,
      boolean completionTokens,
      boolean stream,
      Preset preset) {
    ObjectNode body = OpenAiJson.MAPPER.createObjectNode();
    if (includeModel) {
      body.put("model", model);
    }
    ArrayNode messages = body.putArray("messages");
    if (JsonModeWord.needed(request, true)) {
      messages.addObject().put("role", "system").put("content", JsonModeWord.INSTRUCTION);
    }
    for (Message message : request.messages()) {
      messages.add(message(message));
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    sampling(request, preset, body);
    if (request.maxTokens() != null) {
      body.put(completionTokens ? "max_completion_tokens" : "max_tokens", request.maxTokens());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (Tool tool : request.tools()) {
        tools.add(tool(tool));
      }
    }
    ObjectNode format = responseFormat(request.responseFormat());
    if (format != null) {
      body.set("response_format", format);
    }
    if (stream) {
      body.put("stream", true);
      // Without it the stream carries no usage at all; the usage arrives in a last chunk, choices
      // [].
      body.putObject("stream_options").put("include_usage", true);
    }
    try {
      return OpenAiJson.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e); // cannot happen
    }
  }

  /** The sampling settings besides temperature that the request sets and the service takes. */
  private static void sampling(ChatRequest request, Preset preset, ObjectNode body) {
    if (request.topP() != null) {
      body.put("top_p", request.topP());
    }
    if (request.topK() != null && preset.sampling().contains(SamplingSetting.TOP_K)) {
      body.put("top_k", request.topK());
    }
    if (request.frequencyPenalty() != null) {
      body.put("frequency_penalty", request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      body.put("presence_penalty", request.presencePenalty());
    }
    if (request.seed() != null) {
      // Deprecated in OpenAI's current spec but still honoured, and the one way to ask for it.
      body.put(preset.seedField(), request.seed());
    }
  }

  private static ObjectNode message(Message message) {
    ObjectNode node = OpenAiJson.MAPPER.createObjectNode();
    node.put("role", message.role().name().toLowerCase(Locale.ROOT));
    switch (message.role()) {
      case ASSISTANT:
        if (message.toolCalls().isEmpty()) {
          node.put("content", message.content());
        } else {
          // OpenAI documents null content for a turn that only calls tools.
          if (message.content().isEmpty()) {
            node.putNull("content");
          } else {
            node.put("content", message.content());
          }
          ArrayNode calls = node.putArray("tool_calls");
          for (ToolCall call : message.toolCalls()) {
            ObjectNode entry = calls.addObject();
            entry.put("id", call.id());
            entry.put("type", "function");
            ObjectNode function = entry.putObject("function");
            function.put("name", call.name());
            function.put("arguments", call.argumentsJson()); // a string on the wire, not an object
          }
        }
        break;
      case TOOL:
        node.put("tool_call_id", message.toolCallId());
        node.put("content", message.content());
        break;
      default:
        node.put("content", message.content());
        break;
    }
    return node;
  }

  private static ObjectNode tool(Tool tool) {
    ObjectNode node = OpenAiJson.MAPPER.createObjectNode();
    node.put("type", "function");
    ObjectNode function = node.putObject("function");
    function.put("name", tool.name());
    if (!tool.description().isEmpty()) {
      function.put("description", tool.description());
    }
    function.set(
        "parameters",
        schema(tool.parametersSchemaJson(), "the parameters of tool '" + tool.name() + "'"));
    return node;
  }

  private static ObjectNode responseFormat(ResponseFormat format) {
    switch (format.type()) {
      case JSON_OBJECT:
        return OpenAiJson.MAPPER.createObjectNode().put("type", "json_object");
      case JSON_SCHEMA:
        ObjectNode node = OpenAiJson.MAPPER.createObjectNode().put("type", "json_schema");
        ObjectNode schema = node.putObject("json_schema");
        schema.put("name", schemaName(format.schemaName()));
        JsonNode body = schema(format.schemaJson(), "the response format's schema");
        schema.set("schema", body);
        // Strict only where OpenAI accepts it: a strict schema that breaks its rules fails the
        // call.
        schema.put("strict", StrictSchemas.qualifies(body));
        return node;
      default:
        return null; // text is every service's default; saying so is noise some servers reject
    }
  }

  /** The name cut to OpenAI's alphabet and length, so a free-form name cannot fail the request. */
  static String schemaName(String name) {
    String safe = SCHEMA_NAME_CHAR.matcher(name == null ? "" : name).replaceAll("_");
    if (safe.isEmpty()) {
      return "response";
    }
    return safe.length() > MAX_SCHEMA_NAME ? safe.substring(0, MAX_SCHEMA_NAME) : safe;
  }

  static JsonNode schema(String json, String what) {
    JsonNode node = OpenAiJson.readOrNull(json);
    if (node == null || !node.isObject()) {
      throw new ProviderException(
          Failure.builder(ErrorKind.BAD_REQUEST)
              .message(what + " is not a JSON object: " + OpenAiJson.excerpt(json))
              .build());
    }
    return node;
  }
}
