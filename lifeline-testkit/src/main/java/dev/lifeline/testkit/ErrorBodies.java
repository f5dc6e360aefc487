package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The providers' real error bodies, by wire format and {@link ErrorCase}, read once from {@code
 * errors.json} next to this class (copied from the failure corpus, each entry with its source).
 * Bodies are templates: {@code ${name}} in any string is filled in when a fault plays.
 */
final class ErrorBodies {

  /**
   * One provider's body for one case.
   *
   * @param status the status the provider answers it with
   * @param body the body template; never handed out, {@link #render} copies it
   * @param source where the body comes from
   */
  record Entry(int status, JsonNode body, String source) {

    /** A fresh copy of the body with every {@code ${name}} replaced by {@code values}' value. */
    ObjectNode render(Map<String, String> values) {
      return (ObjectNode) fill(body.deepCopy(), values);
    }
  }

  static final String RESOURCE = "errors.json";

  private static final Map<WireFormat, Map<ErrorCase, Entry>> BODIES = load();

  private ErrorBodies() {}

  /** The body of {@code error} in {@code format}, if the resource has one. */
  static Optional<Entry> find(WireFormat format, ErrorCase error) {
    return Optional.ofNullable(BODIES.get(format).get(error));
  }

  /**
   * The body of {@code error} in {@code format}.
   *
   * @throws IllegalStateException if the resource has none (a packaging bug)
   */
  static Entry of(WireFormat format, ErrorCase error) {
    return find(format, error)
        .orElseThrow(
            () -> new IllegalStateException(RESOURCE + " has no " + format + " body for " + error));
  }

  private static JsonNode fill(JsonNode node, Map<String, String> values) {
    if (node.isTextual()) {
      String text = node.asText();
      if (text.indexOf("${") < 0) {
        return node;
      }
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("${" + value.getKey() + "}", value.getValue());
      }
      return TextNode.valueOf(text);
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        field.setValue(fill(field.getValue(), values));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, fill(array.get(i), values));
      }
    }
    return node;
  }

  private static Map<WireFormat, Map<ErrorCase, Entry>> load() {
    JsonNode root;
    try (InputStream in = ErrorBodies.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the testkit");
      }
      root = Json.parseOrNull(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<WireFormat, Map<ErrorCase, Entry>> all = new EnumMap<>(WireFormat.class);
    for (WireFormat format : WireFormat.values()) {
      Map<ErrorCase, Entry> entries = new EnumMap<>(ErrorCase.class);
      JsonNode byCase = root.path("bodies").path(format.name().toLowerCase(Locale.ROOT));
      byCase
          .properties()
          .forEach(
              field ->
                  entries.put(
                      ErrorCase.valueOf(field.getKey()),
                      new Entry(
                          field.getValue().path("status").asInt(),
                          field.getValue().path("body"),
                          field.getValue().path("source").asText())));
      all.put(format, Collections.unmodifiableMap(entries));
    }
    return Collections.unmodifiableMap(all);
  }
}
