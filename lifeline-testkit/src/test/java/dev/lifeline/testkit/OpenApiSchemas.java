package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The component schemas of a vendor's OpenAPI document as JSON Schema 2020-12, compiled by the
 * networknt validator, to check wire bodies against the vendor's own spec.
 *
 * <p>Every component goes under {@code $defs} of one root document, and each rewrite below is one
 * the 2020-12 validator needs (the OpenAI document says {@code openapi: 3.1.0} but still carries
 * OpenAPI 3.0 keywords):
 *
 * <ul>
 *   <li>{@code $ref: '#/components/schemas/X'} becomes {@code '#/$defs/X'}, since the schemas are
 *       no longer under {@code components};
 *   <li>{@code nullable: true} (OpenAPI 3.0; 2020-12 has no such keyword and would ignore it, so
 *       spec-valid nulls would fail {@code type}) becomes {@code anyOf: [the schema, {type:
 *       null}]}; {@code nullable: false} is dropped;
 *   <li>draft 2019-09's {@code $recursiveRef: '#'} (the recursive filters, {@code CompoundFilter})
 *       becomes a {@code $ref} to its own component, and {@code $recursiveAnchor} is dropped;
 *   <li>{@code discriminator}, {@code example} and every {@code x-*} extension are dropped: they do
 *       not validate anything, and the validator logs a warning for each unknown keyword it meets;
 *   <li>the spec's misspelt keywords {@code optional}, {@code min_items} and {@code max_items} are
 *       dropped for the same reason: as written they constrain nothing, so neither do we.
 * </ul>
 *
 * <p>Formats are left as they are: the validator does not assert {@code format} under 2020-12 by
 * default, and the spec's own ones ({@code unixtime}, {@code double}) are not JSON Schema formats.
 */
final class OpenApiSchemas {

  private static final String COMPONENT_REF = "#/components/schemas/";
  private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

  private static final Set<String> LITERALS = Set.of("enum", "const", "default", "examples");

  /** Keywords with no 2020-12 meaning; see the class comment. */
  private static final Set<String> DROPPED =
      Set.of("discriminator", "example", "$recursiveAnchor", "optional", "min_items", "max_items");

  private final ObjectNode defs;
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private OpenApiSchemas(ObjectNode defs) {
    this.defs = defs;
  }

  /** Reads the OpenAPI YAML document at class-path {@code resource} and rewrites its schemas. */
  static OpenApiSchemas load(String resource) {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, () -> "no class-path resource " + resource);
      JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(in);
      JsonNode schemas = document.path("components").path("schemas");
      if (!schemas.isObject() || schemas.isEmpty()) {
        throw new IllegalArgumentException(resource + " has no components.schemas");
      }
      ObjectNode defs = JsonNodeFactory.instance.objectNode();
      schemas
          .properties()
          .forEach(entry -> defs.set(entry.getKey(), rewrite(entry.getValue(), entry.getKey())));
      return new OpenApiSchemas(defs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Whether the document defines component schema {@code name}. */
  boolean has(String name) {
    return defs.has(name);
  }

  /**
   * The validation errors of {@code body} against component schema {@code name}, one line each;
   * empty when it conforms.
   */
  List<String> errors(String name, JsonNode body) {
    JsonSchema schema = compiled.computeIfAbsent(name, this::compile);
    List<String> errors = new ArrayList<>();
    for (ValidationMessage message : schema.validate(body)) {
      errors.add(message.getMessage());
    }
    return errors;
  }

  /**
   * The top-level fields of {@code body} that component {@code name} marks {@code deprecated: true}
   * (a spec-valid body may still use them; the vendor means to drop them). The component's own
   * properties and those of its {@code allOf} parts count.
   */
  List<String> deprecatedFields(String name, JsonNode body) {
    Set<String> deprecated = new TreeSet<>();
    collectDeprecated(defs.path(name), deprecated);
    List<String> used = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (deprecated.contains(field)) {
                used.add(field);
              }
            });
    return used;
  }

  private void collectDeprecated(JsonNode schema, Set<String> into) {
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/$defs/")) {
      collectDeprecated(defs.path(ref.substring("#/$defs/".length())), into);
    }
    schema.path("allOf").forEach(part -> collectDeprecated(part, into));
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      JsonNode value = property.getValue();
      // A nullable property is wrapped: anyOf [the property, null].
      if (value.path("deprecated").asBoolean(false)
          || value.path("anyOf").path(0).path("deprecated").asBoolean(false)) {
        into.add(property.getKey());
      }
    }
  }

  private JsonSchema compile(String name) {
    if (!defs.has(name)) {
      throw new IllegalArgumentException("the spec has no component schema " + name);
    }
    // The $defs node is shared, not copied: the validator only reads it.
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("$schema", DRAFT);
    root.put("$ref", "#/$defs/" + name);
    root.set("$defs", defs);
    JsonSchema schema = factory.getSchema(root);
    schema.initializeValidators();
    return schema;
  }

  /** OpenAPI 3.0's boolean {@code exclusiveMinimum: true} next to a bound, as 2020-12's number. */
  private static void exclusiveBound(ObjectNode object, String exclusive, String bound) {
    JsonNode flag = object.get(exclusive);
    if (flag == null || !flag.isBoolean()) {
      return;
    }
    object.remove(exclusive);
    if (flag.asBoolean() && object.has(bound)) {
      object.set(exclusive, object.remove(bound));
    }
  }

  private static JsonNode rewrite(JsonNode node, String component) {
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> array.add(rewrite(item, component)));
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    boolean nullable = false;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("nullable")) {
        nullable = value.asBoolean(false);
      } else if (key.startsWith("x-") || DROPPED.contains(key)) {
        continue;
      } else if (key.equals("$recursiveRef") && value.asText().equals("#")) {
        object.put("$ref", "#/$defs/" + component);
      } else if (key.equals("$ref") && value.isTextual()) {
        String ref = value.asText();
        object.put(
            key,
            ref.startsWith(COMPONENT_REF)
                ? "#/$defs/" + ref.substring(COMPONENT_REF.length())
                : ref);
      } else if (LITERALS.contains(key)) {
        // Instances, not schemas: copied as written.
        object.set(key, value);
      } else if (key.equals("properties")
          || key.equals("$defs")
          || key.equals("patternProperties")) {
        // Keys of these maps are names, not keywords: a property may be called "nullable".
        ObjectNode names = JsonNodeFactory.instance.objectNode();
        value
            .properties()
            .forEach(entry -> names.set(entry.getKey(), rewrite(entry.getValue(), component)));
        object.set(key, names);
      } else {
        object.set(key, rewrite(value, component));
      }
    }
    exclusiveBound(object, "exclusiveMinimum", "minimum");
    exclusiveBound(object, "exclusiveMaximum", "maximum");
    if (!nullable) {
      return object;
    }
    ObjectNode either = JsonNodeFactory.instance.objectNode();
    either
        .putArray("anyOf")
        .add(object)
        .add(JsonNodeFactory.instance.objectNode().put("type", "null"));
    return either;
  }
}
