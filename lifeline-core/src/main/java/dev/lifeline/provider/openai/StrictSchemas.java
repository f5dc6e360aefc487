package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a JSON schema may be sent with {@code "strict": true}. OpenAI's structured outputs refuse
 * a strict schema (a 400 for the whole request) unless every object in it lists all its properties
 * as required and sets {@code additionalProperties: false}; a schema that does not is sent without
 * strictness, and the engine's JSON Schema validator still checks the answer. Stateless.
 */
final class StrictSchemas {

  // Keywords whose values are schemas, or maps or arrays of schemas, that strictness applies to.
  private static final String[] SUBSCHEMA_MAPS = {"properties", "$defs", "definitions"};
  private static final String[] SUBSCHEMA_ARRAYS = {"anyOf", "allOf", "oneOf", "prefixItems"};
  private static final int MAX_DEPTH = 64;

  private StrictSchemas() {}

  /** Whether {@code schema} (an object at its root) meets strict mode's rules throughout. */
  static boolean qualifies(JsonNode schema) {
    return schema.isObject() && "object".equals(schema.path("type").asText()) && walk(schema, 0);
  }

  private static boolean walk(JsonNode schema, int depth) {
    if (depth > MAX_DEPTH) {
      return false; // nothing a user writes by hand nests this deep; do not risk the request
    }
    if (!schema.isObject()) {
      return true; // true/false schemas and odd values carry no object rules
    }
    JsonNode properties = schema.path("properties");
    if (isObjectType(schema) || properties.isObject()) {
      if (!schema.path("additionalProperties").isBoolean()
          || schema.path("additionalProperties").asBoolean()) {
        return false;
      }
      JsonNode required = schema.path("required");
      for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
        if (!contains(required, names.next())) {
          return false;
        }
      }
    }
    for (String keyword : SUBSCHEMA_MAPS) {
      for (Map.Entry<String, JsonNode> entry : schema.path(keyword).properties()) {
        if (!walk(entry.getValue(), depth + 1)) {
          return false;
        }
      }
    }
    for (String keyword : SUBSCHEMA_ARRAYS) {
      for (JsonNode sub : schema.path(keyword)) {
        if (!walk(sub, depth + 1)) {
          return false;
        }
      }
    }
    return walk(schema.path("items"), depth + 1);
  }

  private static boolean isObjectType(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      for (JsonNode t : type) {
        if ("object".equals(t.asText())) {
          return true;
        }
      }
      return false;
    }
    return "object".equals(type.asText());
  }

  private static boolean contains(JsonNode array, String name) {
    for (JsonNode item : array) {
      if (name.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }
}
