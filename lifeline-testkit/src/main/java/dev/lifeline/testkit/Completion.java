package dev.lifeline.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * What the fake model "says" to one request, before a wire format renders it.
 *
 * @param kind how the answer ends
 * @param chunks the answer text in stream-sized pieces (the refusal text for {@link Kind#REFUSAL});
 *     joined they make {@link #text()}
 * @param toolName the tool called, for {@link Kind#TOOL_CALL}
 * @param toolArguments the call's arguments as a JSON object text, for {@link Kind#TOOL_CALL}
 * @param promptTokens input tokens to report
 */
record Completion(
    Kind kind, List<String> chunks, String toolName, String toolArguments, int promptTokens) {

  /** Refusal wording, as the providers' models phrase it. */
  static final String REFUSAL_TEXT = "I'm sorry, but I can't help with that request.";

  enum Kind {
    TEXT,
    TRUNCATED,
    REFUSAL,
    FILTERED,
    TOOL_CALL,
    EMPTY
  }

  Completion {
    chunks = List.copyOf(chunks);
  }

  static Completion text(String text, int promptTokens) {
    return new Completion(Kind.TEXT, split(text), null, null, promptTokens);
  }

  /** The first half of {@code text}'s chunks (at least one). */
  static Completion truncated(String text, int promptTokens) {
    List<String> all = split(text);
    int keep = Math.max(1, (all.size() + 1) / 2);
    return new Completion(
        Kind.TRUNCATED, all.subList(0, Math.min(keep, all.size())), null, null, promptTokens);
  }

  static Completion refusal(int promptTokens) {
    return new Completion(Kind.REFUSAL, split(REFUSAL_TEXT), null, null, promptTokens);
  }

  static Completion filtered(int promptTokens) {
    return new Completion(Kind.FILTERED, List.of(), null, null, promptTokens);
  }

  static Completion empty(int promptTokens) {
    return new Completion(Kind.EMPTY, List.of(), null, null, promptTokens);
  }

  static Completion toolCall(String name, String argumentsJson, int promptTokens) {
    return new Completion(
        Kind.TOOL_CALL, splitEvery(argumentsJson, 12), name, argumentsJson, promptTokens);
  }

  /** The whole text (or refusal text, or tool arguments). */
  String text() {
    return String.join("", chunks);
  }

  /** Output tokens: one per chunk, as a word is about one token. */
  int completionTokens() {
    return chunks.size();
  }

  /** Splits before each space, so "Answer to: hi" streams as "Answer", " to:", " hi". */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  private static List<String> splitEvery(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }
}
