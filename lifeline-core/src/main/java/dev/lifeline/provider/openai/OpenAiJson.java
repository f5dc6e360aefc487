package dev.lifeline.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.util.SecretScrubber;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;

/** The JSON reading and failure-making shared by the request writer and the two parsers. */
final class OpenAiJson {

  /** Thread-safe once configured; used only for trees, never for data binding. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  // Enough of a bad body to recognise it in a trace, short enough never to carry a whole answer.
  private static final int EXCERPT_CHARS = 120;

  private OpenAiJson() {}

  /**
   * {@code text} as a JSON tree, after the blank lines and byte-order mark some servers send first
   * (DeepSeek writes empty lines while it holds a slow request open); null when it is not JSON.
   */
  static JsonNode readOrNull(String text) {
    String trimmed = stripLeading(text);
    if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(trimmed);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException | RuntimeException malformed) {
      return null; // truncated, invalid or nested too deep: the caller reports what it expected
    }
  }

  /**
   * A node's text if it is a non-empty scalar; null for absent, null, empty or structured nodes.
   */
  static String text(JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      return null;
    }
    String value = node.asText();
    return value.isEmpty() ? null : value;
  }

  /** A token count as an int: absent, negative or non-numeric is 0, and huge is clamped. */
  static int count(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return 0;
    }
    long value = node.asLong();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
  }

  /** An {@code INVALID_RESPONSE} failure: the answer came, but it cannot be understood. */
  static ProviderException invalidResponse(int status, String message) {
    return new ProviderException(
        Failure.builder(ErrorKind.INVALID_RESPONSE).status(status).message(message).build());
  }

  /** A short, single-line excerpt of a body for a failure message, scrubbed before it is cut. */
  static String excerpt(String body) {
    return SecretScrubber.withoutKeys().excerpt(stripLeading(body), EXCERPT_CHARS);
  }

  private static String stripLeading(String text) {
    int start = 0;
    while (start < text.length()
        && (Character.isWhitespace(text.charAt(start)) || text.charAt(start) == '\uFEFF')) {
      start++;
    }
    return text.substring(start);
  }
}
