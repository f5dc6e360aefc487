package dev.lifeline.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.SchemaLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link SchemaChecker} backed by {@code com.networknt:json-schema-validator} (draft 2020-12
 * unless the schema names another draft in {@code $schema}). The only class of Lifeline that names
 * the library: {@link JsonValidator} reaches it only after checking that the library is on the
 * class path.
 *
 * <p>Compiled schemas are cached by schema text, least recently used first out, at most {@value
 * #CACHE_SIZE}; compiling is the expensive part and a service reuses a handful of schemas. Remote
 * {@code $ref}s (http, https) are refused rather than fetched: a validator runs on every answer and
 * must not block on the network. Thread-safe.
 */
final class NetworkntSchemaChecker implements SchemaChecker {

  /** Enough for every schema of a typical service; each entry holds one compiled schema. */
  static final int CACHE_SIZE = 256;

  /**
   * More than this many problems are summarised as "and N more": the first few say what is wrong.
   */
  private static final int MAX_PROBLEMS = 10;

  /**
   * Refuses to fetch schemas over the network; returns null for other IRIs so the defaults load
   * them.
   */
  private static final SchemaLoader NO_REMOTE_REFS =
      iri -> {
        String scheme = iri.getScheme();
        if ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) {
          throw new IllegalArgumentException(
              "remote $ref " + iri + " is not fetched; inline it in the schema");
        }
        return null;
      };

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaLoaders(l -> l.add(NO_REMOTE_REFS)));

  private final Map<String, JsonSchema> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JsonSchema> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  @Override
  public List<String> problems(String schemaJson, JsonNode value) {
    Set<ValidationMessage> messages = schema(schemaJson).validate(value);
    List<ValidationMessage> sorted = new ArrayList<>(messages);
    sorted.sort(
        Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getMessage));
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : sorted) {
      if (problems.size() == MAX_PROBLEMS) {
        problems.add("and " + (sorted.size() - MAX_PROBLEMS) + " more");
        break;
      }
      String problem = describe(message);
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /** Number of compiled schemas held; for tests. */
  int cachedSchemas() {
    return cache.size();
  }

  private JsonSchema schema(String schemaJson) {
    JsonSchema schema = cache.get(schemaJson);
    if (schema != null) {
      return schema;
    }
    JsonNode schemaNode;
    try {
      // Parsed here rather than by the library, which logs an ERROR for every malformed schema
      // text.
      schemaNode = MAPPER.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the schema is not valid JSON: " + e.getOriginalMessage(), e);
    }
    try {
      schema = factory.getSchema(schemaNode);
      schema.initializeValidators(); // resolve every $ref now, so validation never compiles lazily
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    cache.put(schemaJson, schema); // two threads may compile the same schema once each: harmless
    return schema;
  }

  /** One problem in words: "missing required field 'refund_id'", "'amount' must be a number". */
  static String describe(ValidationMessage message) {
    String at = path(message.getInstanceLocation());
    Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
    switch (String.valueOf(message.getType())) {
      case "required":
        return "missing required field '" + join(at, message.getProperty()) + "'";
      case "additionalProperties":
        return "unexpected field '" + join(at, message.getProperty()) + "'";
      case "type":
        if (args.length >= 2) {
          return subject(at)
              + " must be "
              + withArticle(String.valueOf(args[1]))
              + " (was "
              + args[0]
              + ")";
        }
        break;
      case "enum":
        if (args.length >= 1) {
          return subject(at) + " must be one of " + args[0];
        }
        break;
      default:
        break;
    }
    return subject(at) + ": " + withoutPath(message.getMessage());
  }

  /**
   * A dotted path with indexes, "customer.items[0].sku", from any path type; empty for the root.
   */
  static String path(JsonNodePath location) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(element);
      }
    }
    return out.toString();
  }

  private static String join(String at, String property) {
    if (property == null || property.isEmpty()) {
      return at;
    }
    return at.isEmpty() ? property : at + "." + property;
  }

  private static String subject(String at) {
    return at.isEmpty() ? "the answer" : "'" + at + "'";
  }

  private static String withArticle(String type) {
    if (type.startsWith("[")) {
      return "one of " + type; // a union type: [string, null]
    }
    return switch (type) {
      case "integer", "object", "array" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  /** The library's message without its leading "$.a.b: ". */
  private static String withoutPath(String message) {
    int colon = message.indexOf(": ");
    return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
  }
}
