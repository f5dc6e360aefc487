package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a {@link FakeLlmServer} received it, recorded before any fault played.
 *
 * @param sequence order of arrival, counted from 1 per server, or across the whole fleet for a
 *     server in a {@link FakeFleet}
 * @param server the name of the server that received it
 * @param receivedAt when, on the server's ticker
 * @param method the HTTP method
 * @param path the path with the query string, as sent (for example {@code
 *     /v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse})
 * @param headers header names in lower case (HTTP names are case-insensitive) to their values, in
 *     the order received
 * @param body the body as UTF-8 text ({@code ""} when none)
 * @param model the model the request named (OpenAI and Anthropic in the body, Gemini in the path),
 *     or null when it named none or could not be read
 */
public record RecordedRequest(
    long sequence,
    String server,
    Instant receivedAt,
    String method,
    String path,
    Map<String, List<String>> headers,
    String body,
    String model) {

  /** Copies {@code headers} into an unmodifiable map. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The API key the request carried: OpenAI's {@code Authorization: Bearer}, Anthropic's {@code
   * x-api-key}, Gemini's {@code x-goog-api-key} or {@code ?key=} query parameter, Azure OpenAI's
   * {@code api-key}, whichever is present.
   */
  public Optional<String> apiKey() {
    Optional<String> bearer =
        header("authorization")
            .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(value -> value.substring(7).strip());
    if (bearer.isPresent()) {
      return bearer;
    }
    Optional<String> header =
        header("x-api-key").or(() -> header("x-goog-api-key")).or(() -> header("api-key"));
    if (header.isPresent()) {
      return header;
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      for (String pair : path.substring(query + 1).split("&")) {
        if (pair.startsWith("key=")) {
          return Optional.of(URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.empty();
  }

  /** The body parsed as JSON (a fresh tree on every call), or empty when it is not JSON. */
  public Optional<JsonNode> json() {
    return Optional.ofNullable(Json.parseOrNull(body));
  }

  /** Whether the request asked for a stream. */
  public boolean isStream() {
    if (path.contains(":streamGenerateContent")) {
      return true;
    }
    return json().map(node -> node.path("stream").asBoolean(false)).orElse(false);
  }
}
