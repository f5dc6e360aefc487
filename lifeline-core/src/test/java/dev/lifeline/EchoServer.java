package dev.lifeline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP server (127.0.0.1, an ephemeral port) that gives every request, on any path, the
 * current reply: what a provider that echoes a key in its errors would send.
 */
final class EchoServer implements AutoCloseable {

  /** One reply: status, headers and body. */
  record Reply(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "echo-server");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<Reply> reply =
      new AtomicReference<>(new Reply(500, Map.of(), "unset"));

  EchoServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Reply current = reply.get();
            current
                .headers()
                .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(current.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers every request from now on with {@code next}. */
  EchoServer answer(int status, Map<String, String> headers, String body) {
    reply.set(new Reply(status, headers, body));
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
