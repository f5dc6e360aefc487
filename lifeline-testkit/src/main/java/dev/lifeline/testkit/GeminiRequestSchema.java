package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Google's own definition of a Gemini {@code generateContent} request body: the messages and enums
 * reachable from {@code google.ai.generativelanguage.v1beta.GenerateContentRequest}, extracted from
 * the protos of the npm package {@code @google-ai/generativelanguage} (version named in the
 * resource {@value #RESOURCE}; made by {@code gemini-descriptor.extract.js} of the testkit's test
 * resources, {@code spec/}). A body is checked as the proto3 JSON mapping reads it: a field the
 * message does not have, a value of the wrong JSON type, an enum value the enum does not name, or
 * two members of one oneof each make a problem, worded as the API words a refused payload ({@code
 * Invalid JSON payload received. Unknown name "x" at 'a.b': Cannot find field.}). Field names are
 * accepted in their JSON (lowerCamel) and proto (snake_case) spellings, and enum names in any case,
 * as the API accepts them.
 *
 * <p>Immutable once loaded; thread-safe.
 */
final class GeminiRequestSchema {

  static final String RESOURCE = "gemini-request-descriptor.json";

  private static final GeminiRequestSchema INSTANCE = load();

  private static final Set<String> INTEGERS =
      Set.of(
          "int32",
          "int64",
          "uint32",
          "uint64",
          "sint32",
          "sint64",
          "fixed32",
          "fixed64",
          "sfixed32",
          "sfixed64");

  private final String source;
  private final String root;
  private final JsonNode messages;
  private final JsonNode enums;

  private GeminiRequestSchema(String source, String root, JsonNode messages, JsonNode enums) {
    this.source = source;
    this.root = root;
    this.messages = messages;
    this.enums = enums;
  }

  /** The schema the testkit ships. */
  static GeminiRequestSchema get() {
    return INSTANCE;
  }

  /** Where the descriptor came from, as the resource records it. */
  String source() {
    return source;
  }

  /**
   * Every problem in {@code body}, read as a {@code GenerateContentRequest}; empty when the API's
   * own definition accepts it.
   */
  List<String> problems(JsonNode body) {
    List<String> problems = new ArrayList<>();
    checkMessage(root, body, "", problems);
    return problems;
  }

  private void checkMessage(String type, JsonNode value, String path, List<String> problems) {
    if (!value.isObject()) {
      problems.add(invalidValue(path, type, value));
      return;
    }
    JsonNode message = messages.get(type);
    JsonNode fields = message.get("fields");
    Set<String> present = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String name = camel(entry.getKey());
      JsonNode field = fields.get(name);
      if (field == null) {
        problems.add(
            "Invalid JSON payload received. Unknown name \""
                + entry.getKey()
                + "\""
                + (path.isEmpty() ? "" : " at '" + path + "'")
                + ": Cannot find field.");
        continue;
      }
      if (entry.getValue().isNull()) {
        continue; // the JSON mapping reads null as the field's default
      }
      present.add(name);
      checkField(field, entry.getValue(), join(path, snake(name)), problems);
    }
    for (Map.Entry<String, JsonNode> oneof : message.get("oneofs").properties()) {
      List<String> set = new ArrayList<>();
      oneof
          .getValue()
          .forEach(
              member -> {
                if (present.contains(member.asText())) {
                  set.add(member.asText());
                }
              });
      if (set.size() > 1) {
        problems.add(
            "Invalid JSON payload received. Oneof field '"
                + oneof.getKey()
                + "'"
                + (path.isEmpty() ? "" : " at '" + path + "'")
                + " is already set. Cannot set '"
                + set.get(1)
                + "'");
      }
    }
  }

  private void checkField(JsonNode field, JsonNode value, String path, List<String> problems) {
    String type = field.get("type").asText();
    if (field.has("keyType")) {
      if (!value.isObject()) {
        problems.add(invalidValue(path, type, value));
        return;
      }
      value
          .properties()
          .forEach(e -> checkSingle(type, e.getValue(), path + "[" + e.getKey() + "]", problems));
      return;
    }
    if (field.path("repeated").asBoolean()) {
      if (!value.isArray()) {
        problems.add(invalidValue(path, type, value));
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        checkSingle(type, value.get(i), path + "[" + i + "]", problems);
      }
      return;
    }
    checkSingle(type, value, path, problems);
  }

  private void checkSingle(String type, JsonNode value, String path, List<String> problems) {
    if (!accepts(type, value)) {
      problems.add(invalidValue(path, type, value));
    } else if (messages.has(type) && !isWellKnown(type)) {
      checkMessage(type, value, path, problems);
    }
  }

  private boolean accepts(String type, JsonNode value) {
    if (INTEGERS.contains(type)) {
      return isInteger(value);
    }
    switch (type) {
      case "string":
      case "bytes":
      case "google.protobuf.Duration":
      case "google.protobuf.Timestamp":
        return value.isTextual();
      case "bool":
        return value.isBoolean();
      case "float":
      case "double":
        return value.isNumber() || isNumberText(value);
      case "google.protobuf.Value":
        return true;
      case "google.protobuf.Struct":
        return value.isObject();
      case "google.protobuf.ListValue":
        return value.isArray();
      default:
        break;
    }
    JsonNode values = enums.get(type);
    if (values != null) {
      if (value.isIntegralNumber()) {
        return true;
      }
      for (JsonNode name : values) {
        // Case aside: the API takes "object" for OBJECT, as its own REST examples write it.
        if (value.isTextual() && name.asText().equalsIgnoreCase(value.asText())) {
          return true;
        }
      }
      return false;
    }
    return value.isObject();
  }

  private static boolean isWellKnown(String type) {
    return type.startsWith("google.protobuf.");
  }

  private static boolean isInteger(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (value.isNumber()) {
      return value.decimalValue().stripTrailingZeros().scale() <= 0;
    }
    if (value.isTextual()) {
      try {
        new BigDecimal(value.asText()).toBigIntegerExact();
        return true;
      } catch (ArithmeticException | NumberFormatException notAnInteger) {
        return false;
      }
    }
    return false;
  }

  private static boolean isNumberText(JsonNode value) {
    if (!value.isTextual()) {
      return false;
    }
    String text = value.asText();
    if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
      return true;
    }
    try {
      new BigDecimal(text);
      return true;
    } catch (NumberFormatException notANumber) {
      return false;
    }
  }

  private static String invalidValue(String path, String type, JsonNode value) {
    return "Invalid value at '"
        + (path.isEmpty() ? "request" : path)
        + "' ("
        + label(type)
        + "), "
        + Json.write(value);
  }

  /** A type as the API's messages name it: {@code TYPE_FLOAT}, or the message's type URL. */
  private static String label(String type) {
    return type.contains(".")
        ? "type.googleapis.com/" + type
        : "TYPE_" + type.toUpperCase(Locale.ROOT);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** {@code generation_config} as {@code generationConfig}; a lowerCamel name stays as it is. */
  private static String camel(String name) {
    if (name.indexOf('_') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /**
   * The proto name the API's messages use in paths: {@code generationConfig} as {@code
   * generation_config}.
   */
  private static String snake(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static GeminiRequestSchema load() {
    JsonNode descriptor;
    try (InputStream in = GeminiRequestSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the testkit");
      }
      descriptor = Json.parseOrNull(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (descriptor == null || !descriptor.path("messages").isObject()) {
      throw new IllegalStateException("resource " + RESOURCE + " is not a message descriptor");
    }
    return new GeminiRequestSchema(
        descriptor.path("source").asText(),
        descriptor.get("root").asText(),
        descriptor.get("messages"),
        descriptor.get("enums"));
  }
}
