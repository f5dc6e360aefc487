package dev.lifeline.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Plain java.net.http calls to the fakes, with request bodies in each provider's shape. */
final class TestClient {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client = CLIENT;

  /** One client for every test: HTTP/1.1, as the providers' SDKs speak to these hosts. */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** An SSE event: its name (null when none) and data. */
  record Event(String name, String data) {
    JsonNode json() {
      return parse(data);
    }
  }

  static String modelFor(WireFormat format) {
    switch (format) {
      case OPENAI:
        return "gpt-4o";
      case ANTHROPIC:
        return "claude-sonnet-4-20250514";
      default:
        return "gemini-2.0-flash";
    }
  }

  /** A chat request body for {@code format}. */
  static ObjectNode body(WireFormat format, String model, String question, boolean stream) {
    ObjectNode body = MAPPER.createObjectNode();
    switch (format) {
      case OPENAI:
        body.put("model", model);
        body.putArray("messages")
            .add(MAPPER.createObjectNode().put("role", "system").put("content", "Be brief."))
            .add(MAPPER.createObjectNode().put("role", "user").put("content", question));
        if (stream) {
          body.put("stream", true);
        }
        return body;
      case ANTHROPIC:
        body.put("model", model);
        body.put("max_tokens", 1024);
        body.put("system", "Be brief.");
        body.putArray("messages")
            .add(MAPPER.createObjectNode().put("role", "user").put("content", question));
        if (stream) {
          body.put("stream", true);
        }
        return body;
      default:
        ObjectNode content = MAPPER.createObjectNode().put("role", "user");
        content.putArray("parts").add(MAPPER.createObjectNode().put("text", question));
        body.putArray("contents").add(content);
        return body;
    }
  }

  /** Sends a chat call for {@code model} to {@code server}, with the key header of its format. */
  HttpResponse<String> chat(FakeLlmServer server, String model, String question, boolean stream) {
    return post(url(server, model, stream), body(server.wireFormat(), model, question, stream));
  }

  /** The same, asynchronously. */
  CompletableFuture<HttpResponse<String>> chatAsync(
      FakeLlmServer server, String model, String question, boolean stream) {
    return client.sendAsync(
        request(
            url(server, model, stream),
            body(server.wireFormat(), model, question, stream),
            server.wireFormat()),
        HttpResponse.BodyHandlers.ofString());
  }

  static String url(FakeLlmServer server, String model, boolean stream) {
    return stream ? server.streamUrl(model) : server.chatUrl(model);
  }

  HttpResponse<String> post(String url, JsonNode body) {
    return post(url, write(body), formatOf(url));
  }

  HttpResponse<String> post(String url, String body, WireFormat format) {
    try {
      return client.send(request(url, body, format), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and lets the IOException through, for the connection faults. */
  HttpResponse<String> postRaw(String url, JsonNode body) throws IOException, InterruptedException {
    return client.send(
        request(url, write(body), formatOf(url)), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<java.io.InputStream>> postStreaming(String url, JsonNode body) {
    return client.sendAsync(
        request(url, write(body), formatOf(url)), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static HttpRequest request(String url, Object body, WireFormat format) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body instanceof String ? (String) body : write((JsonNode) body)));
    switch (format) {
      case OPENAI:
        builder.header("authorization", "Bearer sk-test-openai");
        break;
      case ANTHROPIC:
        builder.header("x-api-key", "sk-ant-test").header("anthropic-version", "2023-06-01");
        break;
      default:
        builder.header("x-goog-api-key", "AIza-test-gemini");
    }
    return builder.build();
  }

  private static WireFormat formatOf(String url) {
    if (url.contains("/chat/completions") || url.endsWith("/v1/responses")) {
      return WireFormat.OPENAI;
    }
    return url.contains("/v1/messages") ? WireFormat.ANTHROPIC : WireFormat.GEMINI;
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits an SSE body into events (LF or CRLF line ends; data lines joined with LF). */
  static List<Event> events(String body) {
    List<Event> events = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    for (String line : body.split("\r\n|\n|\r", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new Event(name, data.toString()));
        }
        name = null;
        data = null;
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        value = value.startsWith(" ") ? value.substring(1) : value;
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return events;
  }
}
