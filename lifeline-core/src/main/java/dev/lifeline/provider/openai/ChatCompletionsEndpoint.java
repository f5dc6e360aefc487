package dev.lifeline.provider.openai;

import dev.lifeline.provider.ApiKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a provider's chat requests go and what they carry: the URL, derived from the configured
 * base URL and nothing else, and the headers, the key among them.
 *
 * <p>This is the one place that reveals the key, and it puts it only on requests to this base URL:
 * the model name, the one part of a URL that comes from a call, is percent-encoded into a single
 * path segment, so it can change neither the host nor the path above it. Immutable and thread-safe.
 */
final class ChatCompletionsEndpoint {

  private final URI baseUrl;
  private final boolean azure;
  private final String apiVersion;
  private final ApiKey apiKey;
  private final Map<String, String> headers;

  /**
   * An endpoint under {@code baseUrl}, which has no trailing slash.
   *
   * @param apiVersion Azure's {@code api-version}; null for everyone else
   * @param apiKey null to send no credential
   * @param headers extra static headers, already checked
   */
  ChatCompletionsEndpoint(
      URI baseUrl, boolean azure, String apiVersion, ApiKey apiKey, Map<String, String> headers) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.azure = azure;
    this.apiVersion = apiVersion;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  /** The request for {@code body} to {@code model}. */
  HttpRequest request(String model, byte[] body, boolean stream) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(model))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json");
    headers.forEach(request::header);
    if (apiKey != null) {
      if (azure) {
        request.header("api-key", apiKey.reveal());
      } else {
        request.header("Authorization", "Bearer " + apiKey.reveal());
      }
    }
    return request.build();
  }

  /**
   * {@code {base}/chat/completions}, or Azure's {@code
   * {base}/openai/deployments/{model}/chat/completions?api-version=…}.
   */
  URI uri(String model) {
    String base = baseUrl.toString();
    if (!azure) {
      return URI.create(base + "/chat/completions");
    }
    return URI.create(
        base
            + "/openai/deployments/"
            + encode(model)
            + "/chat/completions?api-version="
            + encode(apiVersion));
  }

  /**
   * Percent-encodes everything but RFC 3986's unreserved characters, so a value is one opaque path
   * segment or query value: no {@code /}, {@code ?}, {@code #} or {@code @} can reshape the URL.
   */
  static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        encoded.append((char) c);
      } else {
        encoded
            .append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return encoded.toString();
  }
}
