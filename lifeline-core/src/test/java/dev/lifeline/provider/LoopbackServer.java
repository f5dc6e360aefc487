package dev.lifeline.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) that answers each request with the next
 * canned response and records what reached it: method, URI, headers, body.
 */
public final class LoopbackServer implements AutoCloseable {

  /** One request as the server saw it; header names lower-case. */
  public record Recorded(String method, URI uri, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** Writes one response. */
  public interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Handler> script = new LinkedBlockingQueue<>();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final List<Recorded> all = new ArrayList<>();

  private LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "loopback-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /** A started server. */
  public static LoopbackServer start() {
    try {
      return new LoopbackServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues the next response. */
  public LoopbackServer enqueue(Handler handler) {
    script.add(handler);
    return this;
  }

  /** Queues a response with a body of known length. */
  public LoopbackServer respond(int status, Map<String, String> headers, String body) {
    return enqueue(exchange -> write(exchange, status, headers, body));
  }

  /** Queues a JSON response. */
  public LoopbackServer respondJson(int status, String json) {
    return respond(status, Map.of("content-type", "application/json"), json);
  }

  /** Queues a 200 event stream, each piece written and flushed on its own, then a clean end. */
  public LoopbackServer respondStream(String... pieces) {
    return enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          for (String piece : pieces) {
            out.write(piece.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          out.close();
        });
  }

  /** The next request that reached the server, waiting up to 5 s for it. */
  public Recorded takeRequest() {
    try {
      Recorded request = requests.poll(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("no request reached the server");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** How many requests reached the server so far. */
  public synchronized int requestCount() {
    return all.size();
  }

  /** Writes a whole response. */
  public static void write(
      HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Writes a few bytes every 20 ms until the client goes away or {@code limit} passes, and counts
   * the latch down when a write fails: the proof that the client closed the connection.
   */
  public static void trickleUntilClosed(
      OutputStream out, byte[] piece, Duration limit, CountDownLatch closed)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try {
        out.write(piece);
        out.flush();
      } catch (IOException gone) {
        closed.countDown();
        return;
      }
      Thread.sleep(20);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      Recorded recorded =
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI(),
              headers,
              new String(body, StandardCharsets.UTF_8));
      synchronized (this) {
        all.add(recorded);
      }
      requests.add(recorded);
      Handler handler = script.poll();
      if (handler == null) {
        write(exchange, 500, Map.of(), "no canned response left");
      } else {
        handler.handle(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The client went away, or a handler stopped on purpose: nothing more to send.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
