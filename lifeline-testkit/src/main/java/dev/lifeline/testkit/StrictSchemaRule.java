package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's structured-output rule for a schema sent with {@code strict: true}: every object in it
 * sets {@code additionalProperties: false} and lists each of its properties as required. The API
 * refuses any other strict schema with a 400 naming where ({@code In context=(...)}) and why; so
 * does the fake. Stateless.
 */
final class StrictSchemaRule {

  private static final List<String> SUBSCHEMA_MAPS = List.of("properties", "$defs", "definitions");
  private static final List<String> SUBSCHEMA_ARRAYS = List.of("anyOf", "allOf", "oneOf");
  private static final int MAX_DEPTH = 64;

  private StrictSchemaRule() {}

  /** Why strict mode refuses {@code schema}, as the API words it, or empty when it accepts it. */
  static Optional<String> problem(JsonNode schema) {
    return walk(schema, new ArrayList<>(), 0);
  }

  private static Optional<String> walk(JsonNode schema, List<String> context, int depth) {
    if (!schema.isObject() || depth > MAX_DEPTH) {
      return Optional.empty();
    }
    JsonNode properties = schema.path("properties");
    if (isObject(schema) || properties.isObject()) {
      JsonNode additional = schema.get("additionalProperties");
      if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
        return Optional.of(
            "In context="
                + context(context)
                + ", 'additionalProperties' is required to be supplied and to be false.");
      }
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        if (!contains(schema.path("required"), property.getKey())) {
          missing.add(property.getKey());
        }
      }
      if (!missing.isEmpty()) {
        return Optional.of(
            "In context="
                + context(context)
                + ", 'required' is required to be supplied and to be an array including every"
                + " key in properties. Missing '"
                + missing.get(0)
                + "'.");
      }
    }
    for (String keyword : SUBSCHEMA_MAPS) {
      for (Map.Entry<String, JsonNode> entry : schema.path(keyword).properties()) {
        Optional<String> problem =
            walk(entry.getValue(), with(context, keyword, entry.getKey()), depth + 1);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    for (String keyword : SUBSCHEMA_ARRAYS) {
      JsonNode list = schema.path(keyword);
      for (int i = 0; i < list.size(); i++) {
        Optional<String> problem =
            walk(list.get(i), with(context, keyword, Integer.toString(i)), depth + 1);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return walk(schema.path("items"), with(context, "items"), depth + 1);
  }

  private static boolean isObject(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      return contains(type, "object");
    }
    return "object".equals(type.asText());
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  private static List<String> with(List<String> context, String... parts) {
    List<String> longer = new ArrayList<>(context);
    longer.addAll(List.of(parts));
    return longer;
  }

  /** As the API prints it: {@code ()} at the root, {@code ('properties', 'address')} below. */
  private static String context(List<String> context) {
    if (context.isEmpty()) {
      return "()";
    }
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < context.size(); i++) {
      text.append(i == 0 ? "" : ", ").append('\'').append(context.get(i)).append('\'');
    }
    return text.append(')').toString();
  }
}
