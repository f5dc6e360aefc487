package dev.lifeline.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.http.LineSplitter;
import dev.lifeline.internal.http.SseParser;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.RawResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads one {@code streamGenerateContent?alt=sse} stream as it arrives, and assembles the answer.
 *
 * <p>Each {@code data:} event is a whole {@code GenerateContentResponse}; its text parts go to the
 * caller at once. Gemini sends no {@code [DONE]}: the stream is complete once a chunk carried a {@code
 * finishReason}, and one that ends without any is {@code INVALID_RESPONSE}. A chunk with an {@code
 * error} fails the stream with its classified kind, and so does a block (a blocked prompt, a withheld
 * candidate) before any content arrived.
 *
 * <p>Google's front end also writes an error mid-stream as plain JSON, not as an SSE event, possibly
 * over several lines (the official SDK reassembles it by balancing braces). So lines are split here:
 * a line starting with {@code {} or {@code [} begins such a JSON text, collected until its brackets
 * balance and then read as a chunk; every other line goes to the SSE parser.
 *
 * <p>Not thread-safe: the transport feeds it from one body subscription, then {@link #finish} runs once
 * the body completed. After it threw once, it ignores what follows.
 */
final class GeminiStreamParser {

  // Plain JSON in a stream is an error envelope or the array form of a few chunks; far below this.
  private static final int MAX_PLAIN_JSON_CHARS = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Consumer<String> onDelta;
  private final GeminiErrorClassifier classifier;
  private final GeminiResponseParser answer = new GeminiResponseParser();
  private final SseParser sse = new SseParser(event -> onText(event.data()));
  private final LineSplitter lines = new LineSplitter(this::onLine);
  private final StringBuilder plain = new StringBuilder();
  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean failed;

  GeminiStreamParser(Consumer<String> onDelta, GeminiErrorClassifier classifier) {
    this.onDelta = onDelta;
    this.classifier = classifier;
  }

  /**
   * Feeds the next decoded chunk of the body.
   *
   * @throws ProviderException on an error chunk, a block before any content, or unreadable data;
   *     the transport then aborts the exchange
   */
  void feed(String chunk) {
    if (failed) {
      return;
    }
    try {
      lines.feed(chunk, 0);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Ends the stream and returns the answer.
   *
   * @param response the stream's status and headers (its body is empty: it went through {@link
   *     #feed})
   * @throws ProviderException {@code INVALID_RESPONSE} when no chunk carried a finish reason, or
   *     the classified failure of an error the stream ended with
   */
  ChatResponse finish(RawResponse response, String provider, String requestedModel) {
    lines.finish();
    sse.finish();
    if (plain.length() > 0) {
      // Cut off inside a plain JSON text: if what came says "error", that is the failure.
      Optional<Failure> failure =
          classifier.classify(
              new RawResponse(response.status(), response.headers(), plain.toString()));
      if (failure.isPresent()) {
        throw new ProviderException(failure.get());
      }
      throw GeminiResponseParser.invalid(response.status(), "the stream ended inside a JSON text");
    }
    if (!answer.finished()) {
      throw GeminiResponseParser.invalid(
          response.status(), "the stream ended before any chunk carried a finishReason");
    }
    return answer.toResponse(response, provider, requestedModel);
  }

  private void onLine(String text) {
    if (plain.length() == 0 && !startsJson(text)) {
      sse.feed(text);
      sse.feed("\n");
      return;
    }
    if (plain.length() + text.length() > MAX_PLAIN_JSON_CHARS) {
      throw GeminiResponseParser.invalid(
          200, "more than " + MAX_PLAIN_JSON_CHARS + " characters of non-SSE text in the stream");
    }
    plain.append(text).append('\n');
    balance(text);
    if (depth <= 0) {
      String json = plain.toString();
      plain.setLength(0);
      depth = 0;
      inString = false;
      escaped = false;
      onText(json);
    }
  }

  /** Tracks bracket depth outside JSON strings, so a multi-line JSON text ends where it closes. */
  private void balance(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  private static boolean startsJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** One chunk's JSON text: an object, or an array of chunks. */
  private void onText(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (java.io.IOException | RuntimeException malformed) {
      throw GeminiResponseParser.invalid(200, "unreadable chunk in the stream");
    }
    if (node != null && node.isArray()) {
      for (JsonNode element : node) {
        onChunk(element, element.toString());
      }
    } else if (node != null && node.isObject()) {
      onChunk(node, json);
    } else {
      throw GeminiResponseParser.invalid(200, "a chunk in the stream is not a JSON object");
    }
  }

  private void onChunk(JsonNode chunk, String json) {
    if (chunk.has("error")) {
      throw new ProviderException(
          classifier
              .classify(new RawResponse(200, Map.of(), json))
              .orElseGet(
                  () ->
                      Failure.builder(ErrorKind.SERVER_ERROR)
                          .status(200)
                          .message("error chunk in the stream")
                          .build()));
    }
    if (!answer.hasContent()) {
      // A block before anything was said withholds the whole answer; after some text, the
      // candidate's
      // finish reason (CONTENT_FILTER) tells the caller, as it does for a non-streamed answer.
      Optional<Failure> blocked = classifier.classify(new RawResponse(200, Map.of(), json));
      if (blocked.isPresent()) {
        throw new ProviderException(blocked.get());
      }
    }
    answer.accept(chunk, onDelta);
  }
}
