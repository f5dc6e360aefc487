package dev.lifeline.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every key of a configuration file against the keys its place allows, before binding, so
 * that a misspelt key is reported at its own line (binding to records reports it only at the end of
 * its object). Not API.
 */
final class KnownKeys {

  /** Keys allowed in each place; a place not listed (such as {@code headers}) takes any key. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "",
              Set.of(
                  "providers",
                  "strategy",
                  "routing",
                  "deadline",
                  "retry",
                  "attemptTimeout",
                  "balancing",
                  "embeddings"),
          "attemptTimeout",
              Set.of(
                  "firstToken",
                  "adaptive",
                  "multiple",
                  "floor",
                  "ceiling",
                  "minSamples",
                  "reserve"),
          "providers[]",
              Set.of(
                  "name",
                  "type",
                  "baseUrl",
                  "apiKey",
                  "apiVersion",
                  "api",
                  "headers",
                  "models",
                  "timeouts"),
          "providers[].models[]", Set.of("name", "contextWindow", "inputPrice", "outputPrice"),
          "providers[].timeouts", Set.of("connect", "firstByte", "idle", "total"),
          "retry", Set.of("maxAttempts", "baseDelay", "maxDelay", "maxRetryAfter", "jitter"));

  private KnownKeys() {}

  /**
   * Walks {@code text} and fails at the first key its place does not allow.
   *
   * @throws JsonMappingException located at the unknown key
   */
  static void check(JsonFactory factory, String text) throws IOException {
    try (JsonParser parser = factory.createParser(text)) {
      Deque<String> places = new ArrayDeque<>();
      String pendingKey = null;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        switch (token) {
          case START_OBJECT -> {
            places.push(childPlace(places, pendingKey, false));
            pendingKey = null;
          }
          case START_ARRAY -> {
            places.push(childPlace(places, pendingKey, true));
            pendingKey = null;
          }
          case END_OBJECT, END_ARRAY -> places.pop();
          case FIELD_NAME -> {
            String place = places.isEmpty() ? "" : places.peek();
            Set<String> allowed =
                ALLOWED.getOrDefault(
                    place, BalancingEntry.KEYS.getOrDefault(place, EmbeddingEntry.KEYS.get(place)));
            if (allowed != null && !allowed.contains(parser.currentName())) {
              throw JsonMappingException.from(
                  parser,
                  "unknown key '"
                      + parser.currentName()
                      + "'; expected one of "
                      + String.join(", ", new TreeSet<>(allowed)));
            }
            pendingKey = parser.currentName();
          }
          default -> pendingKey = null;
        }
      }
    }
  }

  private static String childPlace(Deque<String> places, String key, boolean array) {
    if (places.isEmpty()) {
      return "";
    }
    String parent = places.peek();
    String base = key == null ? parent : (parent.isEmpty() ? key : parent + "." + key);
    // An object inside an array takes the array's place name, which already ends with [].
    return array ? base + "[]" : base;
  }
}
