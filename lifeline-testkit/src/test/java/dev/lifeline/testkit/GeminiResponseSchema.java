package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Google's own definition of what the Gemini API sends: the v1beta answers ({@code
 * GenerateContentResponse}, {@code EmbedContentResponse}, {@code BatchEmbedContentsResponse}) and
 * the REST error envelope around {@code google.rpc.Status}, with the {@code google.rpc} error
 * details its {@code google.protobuf.Any} entries may hold, extracted from the protos of npm
 * {@code @google-ai/generativelanguage} and {@code google-gax} by {@code
 * gemini-descriptor.extract.js} (see {@code gemini-descriptor.SOURCE.md}, both beside the resource
 * {@value #RESOURCE}).
 *
 * <p>A body is checked as the proto3 JSON <em>printer</em> writes it, which is stricter than what a
 * parser accepts: field names only in their lowerCamel JSON spelling, no {@code null}, enum values
 * only by their exact name, 32-bit integers as JSON numbers in range, 64-bit integers as JSON
 * strings, {@code Duration} as {@code "1.500s"}, {@code Any} with a {@code @type} the descriptor
 * defines and only that type's fields, and at most one member of each oneof.
 */
final class GeminiResponseSchema {

  static final String RESOURCE = "/spec/gemini-response-descriptor.json";

  /** What a body answers: the roots of the descriptor. */
  enum Root {
    GENERATE_CONTENT("generateContent"),
    EMBED_CONTENT("embedContent"),
    BATCH_EMBED_CONTENTS("batchEmbedContents"),
    ERROR("error");

    private final String key;

    Root(String key) {
      this.key = key;
    }
  }

  private static final GeminiResponseSchema INSTANCE = load();

  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";
  private static final Set<String> INT32 = Set.of("int32", "sint32", "sfixed32");
  private static final Set<String> UINT32 = Set.of("uint32", "fixed32");
  private static final Set<String> INT64 = Set.of("int64", "sint64", "sfixed64");
  private static final Set<String> UINT64 = Set.of("uint64", "fixed64");
  private static final BigInteger TWO_TO_32 = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
  private static final Pattern DURATION =
      Pattern.compile("-?\\d+(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})?s");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})?Z");

  private final String source;
  private final JsonNode roots;
  private final JsonNode messages;
  private final JsonNode enums;

  private GeminiResponseSchema(String source, JsonNode roots, JsonNode messages, JsonNode enums) {
    this.source = source;
    this.roots = roots;
    this.messages = messages;
    this.enums = enums;
  }

  /** The schema of the pinned descriptor. */
  static GeminiResponseSchema get() {
    return INSTANCE;
  }

  /** Where the descriptor came from, as it records it. */
  String source() {
    return source;
  }

  /** Every problem in {@code body} read as {@code root}; empty when Google's protos accept it. */
  List<String> problems(Root root, JsonNode body) {
    List<String> problems = new ArrayList<>();
    checkSingle(roots.get(root.key).asText(), body, "$", problems);
    return problems;
  }

  private void checkMessage(String type, JsonNode value, String path, List<String> problems) {
    JsonNode message = messages.get(type);
    JsonNode fields = message.get("fields");
    Set<String> present = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode field = fields.get(entry.getKey());
      if (field == null) {
        problems.add(path + ": " + type + " has no field \"" + entry.getKey() + "\"");
        continue;
      }
      present.add(entry.getKey());
      checkField(field, entry.getValue(), path + "." + entry.getKey(), problems);
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
        problems.add(path + ": more than one member of oneof " + oneof.getKey() + ": " + set);
      }
    }
  }

  private void checkField(JsonNode field, JsonNode value, String path, List<String> problems) {
    String type = field.get("type").asText();
    if (field.has("keyType")) {
      if (!value.isObject()) {
        problems.add(path + ": a map must be a JSON object, found " + Json.write(value));
        return;
      }
      value
          .properties()
          .forEach(e -> checkSingle(type, e.getValue(), path + "[" + e.getKey() + "]", problems));
      return;
    }
    if (field.path("repeated").asBoolean()) {
      if (!value.isArray()) {
        problems.add(path + ": a repeated field must be a JSON array, found " + Json.write(value));
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
    if (value.isNull() && !type.equals("google.protobuf.Value")) {
      // The printer leaves a field at its default out; it never writes null for one.
      problems.add(path + ": null for a field of type " + type);
      return;
    }
    switch (type) {
      case "google.protobuf.Any":
        checkAny(value, path, problems);
        return;
      case "google.protobuf.Value":
        return;
      case "google.protobuf.Struct":
        expect(value.isObject(), type, value, path, problems);
        return;
      case "google.protobuf.ListValue":
        expect(value.isArray(), type, value, path, problems);
        return;
      case "google.protobuf.Duration":
        expect(
            value.isTextual() && DURATION.matcher(value.asText()).matches(),
            type,
            value,
            path,
            problems);
        return;
      case "google.protobuf.Timestamp":
        expect(
            value.isTextual() && TIMESTAMP.matcher(value.asText()).matches(),
            type,
            value,
            path,
            problems);
        return;
      default:
        break;
    }
    JsonNode names = enums.get(type);
    if (names != null) {
      boolean named = false;
      for (JsonNode name : names) {
        named |= value.isTextual() && name.asText().equals(value.asText());
      }
      if (!named) {
        problems.add(path + ": " + Json.write(value) + " is no value of enum " + type);
      }
      return;
    }
    if (messages.has(type)) {
      if (value.isObject()) {
        checkMessage(type, value, path, problems);
      } else {
        problems.add(path + ": a " + type + " must be a JSON object, found " + Json.write(value));
      }
      return;
    }
    expect(scalarAccepts(type, value), type, value, path, problems);
  }

  private void checkAny(JsonNode value, String path, List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + ": a google.protobuf.Any must be a JSON object");
      return;
    }
    String url = value.path("@type").asText("");
    String type = url.startsWith(TYPE_URL_PREFIX) ? url.substring(TYPE_URL_PREFIX.length()) : "";
    if (!messages.has(type)) {
      String named = value.has("@type") ? Json.write(value.get("@type")) : "missing";
      problems.add(path + ": @type " + named + " names no known message");
      return;
    }
    ObjectNode fields = value.deepCopy();
    fields.remove("@type");
    checkMessage(type, fields, path, problems);
  }

  private static boolean scalarAccepts(String type, JsonNode value) {
    if (INT32.contains(type)) {
      return value.isIntegralNumber() && value.canConvertToInt();
    }
    if (UINT32.contains(type)) {
      return value.isIntegralNumber()
          && value.bigIntegerValue().signum() >= 0
          && value.bigIntegerValue().compareTo(TWO_TO_32) < 0;
    }
    if (INT64.contains(type) || UINT64.contains(type)) {
      // The printer writes 64-bit integers as strings: a double could not hold them.
      BigInteger number = integerText(value);
      if (number == null) {
        return false;
      }
      return INT64.contains(type)
          ? number.compareTo(TWO_TO_63.negate()) >= 0 && number.compareTo(TWO_TO_63) < 0
          : number.signum() >= 0 && number.compareTo(TWO_TO_64) < 0;
    }
    switch (type) {
      case "float":
      case "double":
        return value.isNumber()
            || value.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(value.asText());
      case "bool":
        return value.isBoolean();
      case "string":
        return value.isTextual();
      case "bytes":
        return value.isTextual() && isBase64(value.asText());
      default:
        throw new IllegalStateException("no rule for the scalar type " + type);
    }
  }

  private static BigInteger integerText(JsonNode value) {
    if (!value.isTextual() || !value.asText().matches("-?(0|[1-9]\\d*)")) {
      return null;
    }
    return new BigInteger(value.asText());
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException notStandard) {
      try {
        Base64.getUrlDecoder().decode(text);
        return true;
      } catch (IllegalArgumentException notUrlSafe) {
        return false;
      }
    }
  }

  private static void expect(
      boolean accepted, String type, JsonNode value, String path, List<String> problems) {
    if (!accepted) {
      problems.add(path + ": " + Json.write(value) + " is not the JSON of a " + type);
    }
  }

  private static GeminiResponseSchema load() {
    JsonNode descriptor;
    try (InputStream in = GeminiResponseSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      descriptor = Json.parseOrNull(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (descriptor == null || !descriptor.path("roots").isObject()) {
      throw new IllegalStateException(RESOURCE + " is not a response descriptor");
    }
    return new GeminiResponseSchema(
        descriptor.path("source").asText(),
        descriptor.get("roots"),
        descriptor.get("messages"),
        descriptor.get("enums"));
  }
}
