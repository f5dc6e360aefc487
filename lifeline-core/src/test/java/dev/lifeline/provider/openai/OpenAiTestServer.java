package dev.lifeline.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code HttpServer}, an ephemeral port) that answers each
 * request with the next scripted {@link Reply} and records what reached it: method, path, query,
 * headers, body.
 *
 * <p>Replies can answer at once, stream SSE chunks with pauses, stall, drip forever or redirect, so
 * every timeout and every stream shape is exercised over a real socket. Close it to stop it:
 * handlers that are still stalling are interrupted.
 */
final class OpenAiTestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Semaphore disconnects = new Semaphore(0);

  private OpenAiTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "openai-test-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A started server. */
  static OpenAiTestServer start() {
    try {
      return new OpenAiTestServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** {@code http://127.0.0.1:port/v1}, where OpenAI's paths start. */
  URI baseUrl() {
    return root().resolve("/v1");
  }

  /** Scripts the reply to the next request; replies are used in order. */
  OpenAiTestServer enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** Every request received so far, in order. */
  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The one request received; fails if there were none or several. */
  Recorded onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size());
    }
    return requests.get(0);
  }

  /** Whether a reply saw the client go away (a write failed) within {@code timeout}. */
  boolean awaitDisconnect(Duration timeout) throws InterruptedException {
    return disconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              headers,
              new String(body, StandardCharsets.UTF_8)));
      Reply reply = replies.poll();
      if (reply == null) {
        reply =
            Reply.json(
                500, "{\"error\":{\"message\":\"no reply scripted\",\"type\":\"test_error\"}}");
      }
      reply.serve(exchange);
    } catch (IOException e) {
      disconnects.release(); // the client closed the connection while we wrote
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
    }
  }

  /** A request as the server saw it; header names are lower-case. */
  record Recorded(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** The first value of header {@code name}. */
    Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as a JSON tree. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** How the server answers one request. */
  @FunctionalInterface
  interface Reply {
    void serve(HttpExchange exchange) throws IOException, InterruptedException;

    /** A JSON answer. */
    static Reply json(int status, String body) {
      return body(status, Map.of("Content-Type", "application/json"), body);
    }

    /** An answer with these headers and this body, sent with a Content-Length. */
    static Reply body(int status, Map<String, String> headers, String body) {
      return exchange -> {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          exchange.getResponseBody().write(bytes);
        }
      };
    }

    /** A 200 event stream: each chunk is written and flushed as it is, {@code pause} apart. */
    static Reply stream(Duration pause, String... chunks) {
      return stream(Map.of(), pause, List.of(chunks), false);
    }

    /** A 200 event stream of these chunks, written at once; then the body ends. */
    static Reply stream(String... chunks) {
      return stream(Duration.ZERO, chunks);
    }

    /** A 200 event stream with extra headers. */
    static Reply stream(Map<String, String> headers, String... chunks) {
      return stream(headers, Duration.ZERO, List.of(chunks), false);
    }

    /** A 200 event stream of these chunks, then silence until the client gives up. */
    static Reply streamThenStall(String... chunks) {
      return stream(Map.of(), Duration.ZERO, List.of(chunks), true);
    }

    private static Reply stream(
        Map<String, String> headers, Duration pause, List<String> chunks, boolean stall) {
      return exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String chunk : chunks) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (!pause.isZero()) {
            Thread.sleep(pause.toMillis());
          }
        }
        if (stall) {
          Thread.sleep(Long.MAX_VALUE);
        }
      };
    }

    /** Headers never come: the request is read and then nothing is sent. */
    static Reply hang() {
      return exchange -> Thread.sleep(Long.MAX_VALUE);
    }

    /** A 200 stream that sends a small content chunk every {@code interval}, forever. */
    static Reply drip(Duration interval) {
      return exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        while (true) {
          out.write(Sse.data(Sse.content("x")).getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(interval.toMillis());
        }
      };
    }

    /** A 307 to {@code location}. */
    static Reply redirect(URI location) {
      return exchange -> {
        exchange.getResponseHeaders().add("Location", location.toString());
        exchange.sendResponseHeaders(307, -1);
      };
    }
  }

  /** Builders of Chat Completions stream events, in the shapes of streams.md. */
  static final class Sse {
    private Sse() {}

    /** One {@code data:} event. */
    static String data(String json) {
      return "data: " + json + "\n\n";
    }

    /** The terminator event. */
    static String done() {
      return "data: [DONE]\n\n";
    }

    /** A chunk carrying a piece of text. */
    static String content(String text) {
      return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
          + quote(text)
          + "},\"finish_reason\":null}]}";
    }

    /** A chunk with an empty delta and a finish reason. */
    static String finish(String reason) {
      return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\""
          + reason
          + "\"}]}";
    }

    /** The trailing usage chunk of {@code stream_options.include_usage}. */
    static String usage(int prompt, int completion) {
      return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":"
          + prompt
          + ",\"completion_tokens\":"
          + completion
          + ",\"total_tokens\":"
          + (prompt + completion)
          + "}}";
    }

    /** A whole well-formed stream of these pieces of text. */
    static String[] of(String... pieces) {
      List<String> events = new ArrayList<>();
      events.add(
          data(
              "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
                  + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"));
      for (String piece : pieces) {
        events.add(data(content(piece)));
      }
      events.add(data(finish("stop")));
      events.add(data(usage(9, pieces.length)));
      events.add(done());
      return events.toArray(String[]::new);
    }

    static String quote(String text) {
      try {
        return JSON.writeValueAsString(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
