package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What OpenAI refuses in a well-formed request for what it says, on both of its wires: JSON mode
 * whose messages never say "json", a tool result that answers no call, and a strict schema that
 * strict mode cannot take ({@link StrictSchemaRule}). The wording is the API's own (the JSON mode
 * one verbatim from the corpus). Stateless.
 */
final class OpenAiContentRules {

  private OpenAiContentRules() {}

  /** Chat completions; {@code messages} is a non-empty array of messages with known roles. */
  static Optional<RequestRules.Violation> chat(JsonNode body, JsonNode messages) {
    if ("json_object".equals(body.path("response_format").path("type").asText())
        && !saysJson(messages)) {
      return violation(
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type"
              + " 'json_object'.",
          "messages",
          null);
    }
    Set<String> calls = null; // the ids of the assistant turn just before, while tool turns follow
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText();
      if (role.equals("tool")) {
        String id = message.path("tool_call_id").asText("");
        if (calls == null) {
          return violation(
              "Invalid parameter: messages with role 'tool' must be a response to a preceeding"
                  + " message with 'tool_calls'.",
              "messages.[" + i + "].role",
              null);
        }
        if (!calls.contains(id)) {
          return violation(
              "Invalid parameter: 'tool_call_id' of '"
                  + id
                  + "' not found in 'tool_calls' of previous message.",
              "messages.[" + i + "].tool_call_id",
              null);
        }
      } else if (role.equals("assistant") && message.path("tool_calls").size() > 0) {
        calls = new HashSet<>();
        for (JsonNode call : message.path("tool_calls")) {
          calls.add(call.path("id").asText());
        }
      } else {
        calls = null;
      }
    }
    JsonNode format = body.path("response_format");
    if ("json_schema".equals(format.path("type").asText())
        && format.path("json_schema").path("strict").asBoolean(false)) {
      Optional<RequestRules.Violation> refused =
          strict(
              "response_format '" + format.path("json_schema").path("name").asText() + "'",
              format.path("json_schema").path("schema"),
              "response_format",
              "invalid_json_schema");
      if (refused.isPresent()) {
        return refused;
      }
    }
    JsonNode tools = body.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode function = tools.get(i).path("function");
      if (function.path("strict").asBoolean(false)) {
        Optional<RequestRules.Violation> refused =
            strict(
                "function '" + function.path("name").asText() + "'",
                function.path("parameters"),
                "tools[" + i + "].function.parameters",
                "invalid_function_parameters");
        if (refused.isPresent()) {
          return refused;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The Responses API; {@code input} is a string or an array of items. Its function tools are
   * strict unless they say otherwise; its JSON schema formats are not.
   */
  static Optional<RequestRules.Violation> responses(JsonNode body, JsonNode input) {
    JsonNode format = body.path("text").path("format");
    boolean saysJson = input.isTextual() ? mentionsJson(input.asText()) : saysJson(input);
    if ("json_object".equals(format.path("type").asText())
        && !saysJson
        && !mentionsJson(body.path("instructions").asText(""))) {
      return violation(
          "Response input messages must contain the word 'json' in some form to use"
              + " 'text.format' of type 'json_object'.",
          "input",
          null);
    }
    Set<String> calls = new HashSet<>();
    for (JsonNode item : input) {
      String type = item.path("type").asText("message");
      if (type.equals("function_call")) {
        calls.add(item.path("call_id").asText());
      } else if (type.equals("function_call_output")
          && !calls.contains(item.path("call_id").asText())) {
        return violation(
            "No tool call found for function call output with call_id "
                + item.path("call_id").asText()
                + ".",
            "input",
            null);
      }
    }
    if ("json_schema".equals(format.path("type").asText())
        && format.path("strict").asBoolean(false)) {
      Optional<RequestRules.Violation> refused =
          strict(
              "response_format '" + format.path("name").asText() + "'",
              format.path("schema"),
              "text.format.schema",
              "invalid_json_schema");
      if (refused.isPresent()) {
        return refused;
      }
    }
    JsonNode tools = body.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if ("function".equals(tool.path("type").asText()) && tool.path("strict").asBoolean(true)) {
        Optional<RequestRules.Violation> refused =
            strict(
                "function '" + tool.path("name").asText() + "'",
                tool.path("parameters"),
                "tools[" + i + "].parameters",
                "invalid_function_parameters");
        if (refused.isPresent()) {
          return refused;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<RequestRules.Violation> strict(
      String what, JsonNode schema, String param, String code) {
    return StrictSchemaRule.problem(schema)
        .map(
            problem ->
                new RequestRules.Violation(
                    "Invalid schema for " + what + ": " + problem, param, code));
  }

  /** Whether any message (or input item) says "json" in its text, in any case. */
  private static boolean saysJson(JsonNode messages) {
    for (JsonNode message : messages) {
      JsonNode content = message.path("content");
      if (content.isTextual() && mentionsJson(content.asText())) {
        return true;
      }
      for (JsonNode part : content) {
        if (mentionsJson(part.path("text").asText(""))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean mentionsJson(String text) {
    return text.toLowerCase(Locale.ROOT).contains("json");
  }

  private static Optional<RequestRules.Violation> violation(
      String message, String param, String code) {
    return Optional.of(new RequestRules.Violation(message, param, code));
  }
}
