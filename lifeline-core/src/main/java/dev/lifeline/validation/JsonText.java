package dev.lifeline.validation;

/**
 * Small facts about an answer that should be JSON: its JSON text without a Markdown fence, and
 * whether that text stops in the middle of a value. Shared by {@link JsonValidator} and {@link
 * TruncationValidator}; stateless.
 */
final class JsonText {

  private static final String FENCE = "```";

  private JsonText() {}

  /**
   * The JSON text of {@code answer}: the answer without surrounding blanks, and without a Markdown
   * code fence ({@code ```json ... ```} or a bare {@code ``` ... ```}) when the fence is all there
   * is. A fence that opens but never closes (the answer was cut inside it) is removed too, so that
   * the cut JSON inside can be recognised as cut.
   */
  static String unfenced(String answer) {
    String text = answer.strip();
    if (!text.startsWith(FENCE)) {
      return text;
    }
    int firstLineEnd = text.indexOf('\n');
    if (firstLineEnd < 0) {
      return text;
    }
    String language = text.substring(FENCE.length(), firstLineEnd).strip();
    if (!language.isEmpty() && !language.equalsIgnoreCase("json")) {
      return text; // a fence of some other language is not a JSON answer
    }
    String body = text.substring(firstLineEnd + 1);
    int close = body.lastIndexOf(FENCE);
    if (close >= 0 && body.substring(close + FENCE.length()).isBlank()) {
      body = body.substring(0, close);
    }
    return body.strip();
  }

  /** Whether {@code answer} is JSON wrapped in a Markdown code fence. */
  static boolean isFenced(String answer) {
    String text = answer.strip();
    return text.startsWith(FENCE) && !unfenced(text).equals(text);
  }

  /**
   * Why {@code json} looks cut off part-way, or null when it does not: it opens an object or array
   * and ends before closing it, or ends inside a string. Text that is not JSON at all, or that is
   * complete JSON followed by something else, is not "cut off" (the JSON validator names those).
   */
  static String cutOff(String json) {
    if (json.isEmpty() || (json.charAt(0) != '{' && json.charAt(0) != '[')) {
      return null;
    }
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          depth--;
          if (depth == 0) {
            return null; // the top-level value closed: whatever follows is not a cut
          }
        }
        default -> {}
      }
    }
    if (inString) {
      return "the JSON is cut off inside a string (" + depth + " unclosed " + plural(depth) + ")";
    }
    return "the JSON is cut off: " + depth + " unclosed " + plural(depth);
  }

  private static String plural(int brackets) {
    return brackets == 1 ? "bracket" : "brackets";
  }
}
