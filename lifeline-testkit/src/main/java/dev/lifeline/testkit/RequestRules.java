package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each provider refuses with a 400 before any model runs: a missing model, no messages, an
 * unknown role, a negative token limit, Anthropic's required {@code max_tokens}, Gemini's required
 * {@code contents}, a {@code tool_choice} naming a tool that was not offered, Anthropic tool
 * results that answer no {@code tool_use} of the message before (or leave one unanswered); for
 * OpenAI also what {@link OpenAiContentRules} checks. The wording is the provider's own
 * (documented, or as its API answers).
 */
final class RequestRules {

  /**
   * Why a request is refused.
   *
   * @param message the provider's message
   * @param param OpenAI's {@code param}, or null
   * @param code OpenAI's {@code code}, or null
   */
  record Violation(String message, String param, String code) {}

  private static final List<String> OPENAI_ROLES =
      List.of("system", "assistant", "user", "function", "tool", "developer");

  private static final List<String> RESPONSES_ROLES =
      List.of("assistant", "system", "developer", "user");

  private RequestRules() {}

  /** OpenAI chat completions. */
  static Optional<Violation> openAi(JsonNode body) {
    if (!body.hasNonNull("model")) {
      return violation("you must provide a model parameter", null, null);
    }
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      return violation(
          "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
    }
    if (!messages.isArray()) {
      return violation(
          "Invalid type for 'messages': expected an array of objects, but got "
              + typeName(messages)
              + " instead.",
          "messages",
          "invalid_type");
    }
    if (messages.isEmpty()) {
      return violation(
          "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an"
              + " empty array instead.",
          "messages",
          "empty_array");
    }
    for (int i = 0; i < messages.size(); i++) {
      String role = messages.get(i).path("role").asText("");
      if (!OPENAI_ROLES.contains(role)) {
        return violation(
            "Invalid value: '"
                + role
                + "'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool',"
                + " and 'developer'.",
            "messages[" + i + "].role",
            "invalid_value");
      }
    }
    for (String limit : List.of("max_tokens", "max_completion_tokens")) {
      JsonNode value = body.get(limit);
      if (value != null && value.isNumber() && value.asLong() < 1) {
        return violation(
            "Invalid '"
                + limit
                + "': integer below minimum value. Expected a value >= 1, but got "
                + value.asText()
                + " instead.",
            limit,
            "integer_below_min_value");
      }
    }
    JsonNode choice = body.path("tool_choice");
    String named = Json.textOrNull(choice.path("function").get("name"));
    if (named != null && !offered(body.path("tools"), "function", "name").contains(named)) {
      return violation(
          "Invalid value for 'tool_choice': function '" + named + "' was not found in 'tools'.",
          "tool_choice",
          "invalid_value");
    }
    if (choice.isTextual() && choice.asText().equals("required") && body.path("tools").isEmpty()) {
      return violation(
          "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are"
              + " specified.",
          "tool_choice",
          null);
    }
    return OpenAiContentRules.chat(body, messages);
  }

  /** OpenAI responses ({@code POST /v1/responses}). */
  static Optional<Violation> responses(JsonNode body) {
    if (!body.hasNonNull("model")) {
      return violation(
          "Missing required parameter: 'model'.", "model", "missing_required_parameter");
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      return violation(
          "Missing required parameter: 'input'.", "input", "missing_required_parameter");
    }
    if (!input.isArray() && !input.isTextual()) {
      return violation(
          "Invalid type for 'input': expected one of a string or array of input items, but got "
              + typeName(input)
              + " instead.",
          "input",
          "invalid_type");
    }
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String type = item.path("type").asText("message");
      if (type.equals("message") && !RESPONSES_ROLES.contains(item.path("role").asText(""))) {
        return violation(
            "Invalid value: '"
                + item.path("role").asText("")
                + "'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
            "input[" + i + "].role",
            "invalid_value");
      }
    }
    JsonNode limit = body.get("max_output_tokens");
    if (limit != null && limit.isNumber() && limit.asLong() < 16) {
      return violation(
          "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but"
              + " got "
              + limit.asText()
              + " instead.",
          "max_output_tokens",
          "integer_below_min_value");
    }
    return OpenAiContentRules.responses(body, input);
  }

  /** Anthropic messages. */
  static Optional<Violation> anthropic(JsonNode body) {
    if (!body.hasNonNull("model")) {
      return violation("model: Field required", null, null);
    }
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      return violation("messages: Field required", null, null);
    }
    if (!messages.isArray()) {
      return violation("messages: Input should be a valid list", null, null);
    }
    if (!body.has("max_tokens")) {
      // Verbatim the corpus's 400 for this case.
      return violation(
          ErrorBodies.of(WireFormat.ANTHROPIC, ErrorCase.BAD_REQUEST)
              .body()
              .path("error")
              .path("message")
              .asText(),
          null,
          null);
    }
    if (messages.isEmpty()) {
      return violation("messages: at least one message is required", null, null);
    }
    for (int i = 0; i < messages.size(); i++) {
      String role = messages.get(i).path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        return violation(
            "messages." + i + ".role: Input should be 'user' or 'assistant'", null, null);
      }
    }
    JsonNode maxTokens = body.get("max_tokens");
    if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
      return violation("max_tokens: Input should be greater than or equal to 1", null, null);
    }
    JsonNode choice = body.path("tool_choice");
    String named = Json.textOrNull(choice.get("name"));
    if ("tool".equals(choice.path("type").asText())
        && named != null
        && !offered(body.path("tools"), null, "name").contains(named)) {
      return violation(
          "tool_choice: Tool '" + named + "' not found in the provided tools", null, null);
    }
    return anthropicToolPairs(messages);
  }

  /**
   * Anthropic's pairing of tool turns: every {@code tool_result} answers a {@code tool_use} of the
   * message just before, and a {@code tool_use} followed by another message is answered in it.
   */
  private static Optional<Violation> anthropicToolPairs(JsonNode messages) {
    Set<String> previousUses = Set.of();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      Set<String> uses = new HashSet<>();
      Set<String> results = new HashSet<>();
      for (int j = 0; j < content.size(); j++) {
        JsonNode block = content.get(j);
        String type = block.path("type").asText();
        if (type.equals("tool_use")) {
          uses.add(block.path("id").asText());
        } else if (type.equals("tool_result")) {
          String id = block.path("tool_use_id").asText();
          if (!previousUses.contains(id)) {
            return violation(
                "messages."
                    + i
                    + ".content."
                    + j
                    + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                    + id
                    + ". Each `tool_result` block must have a corresponding `tool_use` block in"
                    + " the previous message.",
                null,
                null);
          }
          results.add(id);
        }
      }
      if (!results.containsAll(previousUses)) {
        Set<String> unanswered = new java.util.TreeSet<>(previousUses);
        unanswered.removeAll(results);
        return violation(
            "messages."
                + (i - 1)
                + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                + String.join(", ", unanswered)
                + ". Each `tool_use` block must have a corresponding `tool_result` block in the"
                + " next message.",
            null,
            null);
      }
      previousUses = uses;
    }
    return Optional.empty();
  }

  /** Gemini generateContent; the model is in the path, so it cannot be missing. */
  static Optional<Violation> gemini(JsonNode body) {
    JsonNode contents = body.get("contents");
    if (contents == null || contents.isNull() || (contents.isArray() && contents.isEmpty())) {
      return violation(
          "* GenerateContentRequest.contents: contents is not specified\n", null, null);
    }
    if (!contents.isArray()) {
      return violation(
          "Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta"
              + ".Content), "
              + Json.write(contents),
          "contents",
          null);
    }
    for (JsonNode content : contents) {
      JsonNode role = content.get("role");
      if (role != null && !role.asText().equals("user") && !role.asText().equals("model")) {
        return violation("Please use a valid role: user, model.", null, null);
      }
    }
    JsonNode limit = body.path("generationConfig").get("maxOutputTokens");
    if (limit != null && limit.isNumber() && limit.asLong() < 1) {
      return violation(
          "* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must"
              + " be positive.\n",
          null,
          null);
    }
    Set<String> declared = new HashSet<>();
    for (JsonNode tool : body.path("tools")) {
      declared.addAll(offered(tool.path("functionDeclarations"), null, "name"));
    }
    for (JsonNode allowed :
        body.path("toolConfig").path("functionCallingConfig").path("allowedFunctionNames")) {
      if (!declared.contains(allowed.asText())) {
        return violation(
            "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names["
                + "]: function '"
                + allowed.asText()
                + "' is not declared in tools.function_declarations.\n",
            null,
            null);
      }
    }
    return Optional.empty();
  }

  /** The names in {@code list}, at {@code [wrapper].field} of each element. */
  private static Set<String> offered(JsonNode list, String wrapper, String field) {
    Set<String> names = new HashSet<>();
    for (JsonNode item : list) {
      String name = Json.textOrNull((wrapper == null ? item : item.path(wrapper)).get(field));
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  private static String typeName(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isIntegralNumber()) {
      return "an integer";
    }
    if (node.isNumber()) {
      return "a decimal";
    }
    return node.isBoolean() ? "a boolean" : "null";
  }

  private static Optional<Violation> violation(String message, String param, String code) {
    return Optional.of(new Violation(message, param, code));
  }
}
