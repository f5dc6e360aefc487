package dev.lifeline.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.lifeline.model.Tool;
import java.util.Set;

/**
 * JSON Schema text to and from LangChain4j's schema elements, through the one public door
 * LangChain4j gives to both directions: {@link ToolSpecification#toJson()} and {@link
 * ToolSpecification#fromJson(String)}, which write and read standard JSON Schema. What
 * LangChain4j's typed elements cannot hold (a {@code pattern}, a {@code minimum}) stays as a {@link
 * JsonRawSchema}, per node.
 */
final class SchemaJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keywords of an object schema LangChain4j's typed {@link JsonObjectSchema} can hold. */
  private static final Set<String> OBJECT_KEYWORDS =
      Set.of("type", "description", "properties", "required", "additionalProperties", "$defs");

  /** The name of the placeholder tool the schema travels in. */
  private static final String CARRIER = "schema";

  private SchemaJson() {}

  /** {@code element} as JSON Schema text. */
  static String toJson(JsonSchemaElement element) {
    if (element instanceof JsonRawSchema raw) {
      return raw.schema();
    }
    if (element instanceof JsonObjectSchema object) {
      return parametersOf(ToolSpecification.builder().name(CARRIER).parameters(object).build());
    }
    // Any other root travels as the one property of an object, and is taken out again.
    JsonObjectSchema wrapper = JsonObjectSchema.builder().addProperty("value", element).build();
    JsonNode parameters =
        read(ToolSpecification.builder().name(CARRIER).parameters(wrapper).build().toJson())
            .path("parameters");
    return parameters.path("properties").path("value").toString();
  }

  /**
   * The object schema {@code schemaJson} as LangChain4j's typed element, or null when its root is
   * not an object schema; keywords the typed element cannot hold at the root are dropped (a nested
   * node keeps them as raw JSON).
   *
   * @throws IllegalArgumentException if {@code schemaJson} is not a JSON object
   */
  static JsonObjectSchema toObjectSchema(String schemaJson) {
    JsonNode schema = read(schemaJson);
    if (!schema.isObject()) {
      throw new IllegalArgumentException("a JSON schema must be a JSON object, was: " + schemaJson);
    }
    if (schema.has("type") && !"object".equals(schema.path("type").asText())) {
      return null;
    }
    ObjectNode typed = JSON.createObjectNode();
    typed.put("type", "object");
    schema
        .properties()
        .forEach(
            field -> {
              if (OBJECT_KEYWORDS.contains(field.getKey()) && !field.getKey().equals("type")) {
                typed.set(field.getKey(), field.getValue());
              }
            });
    if (typed.has("additionalProperties") && !typed.get("additionalProperties").isBoolean()) {
      typed.remove("additionalProperties");
    }
    ObjectNode carrier = JSON.createObjectNode().put("name", CARRIER);
    carrier.set("parameters", typed);
    try {
      return ToolSpecification.fromJson(carrier.toString()).parameters();
    } catch (RuntimeException notRepresentable) {
      return null;
    }
  }

  /**
   * {@code schemaJson} as the best element LangChain4j can carry: a typed object schema when its
   * root is one and loses nothing at the root, else the raw text.
   */
  static JsonSchemaElement toElement(String schemaJson) {
    JsonNode schema = read(schemaJson);
    boolean onlyObjectKeywords = true;
    var names = schema.fieldNames();
    while (names.hasNext()) {
      onlyObjectKeywords &= OBJECT_KEYWORDS.contains(names.next());
    }
    JsonObjectSchema typed = onlyObjectKeywords ? toObjectSchema(schemaJson) : null;
    return typed != null ? typed : JsonRawSchema.from(schemaJson);
  }

  /** A LangChain4j tool as a Lifeline one. */
  static Tool toTool(ToolSpecification specification) {
    String parameters = specification.parameters() == null ? null : parametersOf(specification);
    return new Tool(specification.name(), specification.description(), parameters);
  }

  /**
   * A Lifeline tool as a LangChain4j one; root-level keywords LangChain4j's typed object schema
   * cannot hold (such as {@code $schema} or {@code title}) are dropped.
   *
   * @throws IllegalArgumentException if the tool's parameters are not an object schema
   */
  static ToolSpecification toSpecification(Tool tool) {
    JsonObjectSchema parameters = toObjectSchema(tool.parametersSchemaJson());
    if (parameters == null) {
      throw new IllegalArgumentException(
          "the parameters of tool '"
              + tool.name()
              + "' must be an object schema for LangChain4j, were: "
              + tool.parametersSchemaJson());
    }
    return ToolSpecification.builder()
        .name(tool.name())
        .description(tool.description().isEmpty() ? null : tool.description())
        .parameters(parameters)
        .build();
  }

  /**
   * The tool's parameters as JSON Schema text. LangChain4j leaves out an empty {@code properties};
   * it is put back, since some providers (OpenAI's strict tools) want it on every object.
   */
  private static String parametersOf(ToolSpecification specification) {
    JsonNode parameters = read(specification.toJson()).path("parameters");
    if (parameters instanceof ObjectNode object && !object.has("properties")) {
      object.putObject("properties");
    }
    return parameters.toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
