package dev.lifeline.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The baseline: a bare JDK {@link HttpClient} (HTTP/1.1, synchronous {@code send}) and Jackson. A
 * call writes the request JSON, sends it, parses the answer into a tree and reads {@code
 * choices[0].message.content}: the least a caller must do, with no retries, validation or tracing.
 */
public final class BareJdkContender implements Contender {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI url;

  /** A client for the server at {@code baseUrl}. */
  public BareJdkContender(String baseUrl) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.url = URI.create(baseUrl + "/v1/chat/completions");
  }

  @Override
  public String name() {
    return "bare-jdk";
  }

  @Override
  public String call() {
    HttpResponse<byte[]> response = send(body(false), HttpResponse.BodyHandlers.ofByteArray());
    try {
      JsonNode answer = JSON.readTree(response.body());
      return answer.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public String stream(Runnable firstDelta) {
    HttpResponse<Stream<String>> response = send(body(true), HttpResponse.BodyHandlers.ofLines());
    StringBuilder text = new StringBuilder();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (!line.startsWith("data: ")) {
          continue;
        }
        String data = line.substring("data: ".length());
        if (data.equals("[DONE]")) {
          break;
        }
        String delta =
            JSON.readTree(data).path("choices").path(0).path("delta").path("content").asText("");
        if (!delta.isEmpty() && text.length() == 0) {
          firstDelta.run();
        }
        text.append(delta);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private byte[] body(boolean stream) {
    ObjectNode body = JSON.createObjectNode().put("model", Prompt.MODEL);
    body.putArray("messages")
        .add(JSON.createObjectNode().put("role", "system").put("content", Prompt.SYSTEM))
        .add(JSON.createObjectNode().put("role", "user").put("content", Prompt.USER));
    if (stream) {
      body.put("stream", true);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> HttpResponse<T> send(byte[] body, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + Prompt.API_KEY)
            .build();
    try {
      HttpResponse<T> response = client.send(request, handler);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("fake server answered " + response.statusCode());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    // HttpClient has no close() before JDK 21; its threads end when it is unreachable.
  }
}
