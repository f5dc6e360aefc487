package dev.lifeline.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A body read as JSON without ever throwing: what is not JSON, or too large to be an error
 * envelope, is simply not JSON.
 */
final class LenientJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Bodies above this are not parsed as JSON: no provider's error envelope is that large, and a
  // multi-megabyte body should cost a scan, not a tree.
  private static final int MAX_JSON_CHARS = 2 * 1024 * 1024;

  private LenientJson() {}

  /**
   * Drops a byte-order mark and the blank lines DeepSeek sends while it holds a connection open.
   */
  static String stripLeading(String body) {
    int start = 0;
    while (start < body.length()
        && (Character.isWhitespace(body.charAt(start)) || body.charAt(start) == '\uFEFF')) {
      start++;
    }
    return start == 0 ? body : body.substring(start);
  }

  /**
   * The (stripped) body as a JSON tree, or null when it is not JSON (or too large to be an error
   * envelope).
   */
  static JsonNode parse(String body) {
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

  /** The object a body stands for: Gemini sometimes wraps it in a one-element array. */
  static JsonNode top(JsonNode root) {
    if (root != null && root.isArray()) {
      return root.size() > 0 ? root.get(0) : null;
    }
    return root;
  }
}
