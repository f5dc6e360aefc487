package dev.lifeline.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A response body read as a JSON tree without ever throwing, once per answer: the classifier and
 * the wire format's parser both read the same tree, so a healthy answer is parsed once, not twice.
 * Not API.
 */
public final class BodyTree {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Bodies above this are not parsed: no provider's error envelope is that large, and a
  // multi-megabyte body should cost a scan, not a tree. A parser wanting larger answers reads them
  // itself when handed no tree.
  private static final int MAX_JSON_CHARS = 2 * 1024 * 1024;

  private BodyTree() {}

  /**
   * Drops a byte-order mark and the blank lines DeepSeek sends while it holds a connection open.
   */
  public static String stripLeading(String body) {
    int start = 0;
    while (start < body.length()
        && (Character.isWhitespace(body.charAt(start)) || body.charAt(start) == '\uFEFF')) {
      start++;
    }
    return start == 0 ? body : body.substring(start);
  }

  /** {@code body} as a JSON tree after {@link #stripLeading}; null when it is not JSON. */
  public static JsonNode read(String body) {
    return parseStripped(stripLeading(body));
  }

  /**
   * An already stripped body as a JSON tree, or null when it is not JSON (or too large to be an
   * error envelope).
   */
  public static JsonNode parseStripped(String body) {
    if (body.isEmpty() || body.length() > MAX_JSON_CHARS) {
      return null;
    }
    char first = body.charAt(0);
    if (first != '{' && first != '[') {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException | RuntimeException malformed) {
      return null; // truncated, invalid or too deeply nested: classified by status and text instead
    }
  }
}
