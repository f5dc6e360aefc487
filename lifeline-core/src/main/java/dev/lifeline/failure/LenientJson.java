package dev.lifeline.failure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.internal.json.BodyTree;

/**
 * A body read as JSON without ever throwing: what is not JSON, or too large to be an error
 * envelope, is simply not JSON.
 */
final class LenientJson {

  private LenientJson() {}

  /**
   * Drops a byte-order mark and the blank lines DeepSeek sends while it holds a connection open.
   */
  static String stripLeading(String body) {
    return BodyTree.stripLeading(body);
  }

  /**
   * The (stripped) body as a JSON tree, or null when it is not JSON (or too large to be an error
   * envelope).
   */
  static JsonNode parse(String body) {
    return BodyTree.parseStripped(body);
  }

  /** The object a body stands for: Gemini sometimes wraps it in a one-element array. */
  static JsonNode top(JsonNode root) {
    if (root != null && root.isArray()) {
      return root.size() > 0 ? root.get(0) : null;
    }
    return root;
  }
}
