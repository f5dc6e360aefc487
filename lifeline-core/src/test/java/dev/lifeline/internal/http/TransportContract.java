package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} does, over real HTTP on loopback: timeouts, size limits, streaming,
 * cancellation. Each transport's test extends it.
 */
abstract class TransportContract {

  private static final Timeouts SHORT =
      Timeouts.defaults()
          .withConnect(Duration.ofSeconds(2))
          .withFirstByte(Duration.ofSeconds(1))
          .withIdle(Duration.ofSeconds(1))
          .withTotal(Duration.ofSeconds(5));

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final Transport transport = newTransport(SHORT, Scheduler.system());

  /** The transport under test, connecting within {@code timeouts.connect()}. */
  abstract Transport newTransport(Timeouts timeouts, Scheduler scheduler);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ok", exchange -> respond(exchange, 200, "{\"ok\":true}"));
    server.createContext("/error", exchange -> respond(exchange, 503, "x".repeat(10_000)));
    server.createContext(
        "/encoding",
        exchange -> {
          String asked = exchange.getRequestHeaders().getFirst("Accept-Encoding");
          respond(exchange, 200, asked == null ? "none" : asked);
        });
    server.createContext("/big", exchange -> respond(exchange, 200, "y".repeat(100_000)));
    server.createContext(
        "/hang",
        exchange -> {
          await();
          respond(exchange, 200, "late");
        });
    server.createContext(
        "/utf8",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            byte[] bytes = "héllo wörld €".getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) { // one byte per chunk: characters split across chunks
              out.write(b);
              out.flush();
            }
          }
        });
    server.createContext(
        "/stall",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          await();
          out.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    transport.close();
    release.countDown();
    server.stop(0);
  }

  private void await() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("x-request-id", "req_1");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private WireRequest get(String path) {
    return WireRequest.post(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), new byte[0])
        .build();
  }

  private static ErrorKind kindOf(CompletableFuture<?> future) {
    Throwable error = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
    assertThat(error).hasCauseInstanceOf(ProviderException.class);
    return ((ProviderException) error.getCause()).failure().kind();
  }

  @Test
  void buffersABodyWithStatusAndHeaders() throws Exception {
    RawResponse response = transport.send(get("/ok"), SHORT, 1_000, null).get(5, TimeUnit.SECONDS);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(response.header("X-Request-Id")).contains("req_1");
  }

  /**
   * No compression is asked for: an intermediary that compresses holds a stream's deltas back to
   * fill its blocks, and an answer of a few KiB gains less than inflating it costs.
   */
  @Test
  void asksForNoCompression() throws Exception {
    RawResponse response =
        transport.send(get("/encoding"), SHORT, 1_000, null).get(5, TimeUnit.SECONDS);

    assertThat(response.body()).isEqualTo("none");
  }

  @Test
  void cutsAnErrorBodyAtTheLimitAndKeepsItsStatus() throws Exception {
    RawResponse response =
        transport.send(get("/error"), SHORT, 1_000, null).get(5, TimeUnit.SECONDS);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).hasSize(1_000);
  }

  @Test
  void aSuccessfulBodyOverTheLimitIsAnInvalidResponse() {
    assertThat(kindOf(transport.send(get("/big"), SHORT, 1_000, null)))
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void noHeadersWithinTheFirstByteTimeoutIsATimeout() {
    assertThat(kindOf(transport.send(get("/hang"), SHORT, 1_000, null)))
        .isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void aStreamThatStallsIsAnIdleTimeoutAfterItsFirstChunk() {
    List<String> chunks = new CopyOnWriteArrayList<>();

    CompletableFuture<RawResponse> stream =
        transport.send(get("/stall"), SHORT, 1_000, chunks::add);

    Throwable error = catchThrowable(() -> stream.get(5, TimeUnit.SECONDS));
    assertThat(((ProviderException) error.getCause()).failure().message()).contains("idle timeout");
    assertThat(String.join("", chunks)).isEqualTo("data: first\n\n");
  }

  @Test
  void decodesUtf8SplitAcrossChunks() throws Exception {
    StringBuilder text = new StringBuilder();

    transport.send(get("/utf8"), SHORT, 1_000, text::append).get(5, TimeUnit.SECONDS);

    assertThat(text.toString()).isEqualTo("héllo wörld €");
  }

  @Test
  void theTotalTimeoutBoundsTheWholeExchange() {
    Timeouts tight =
        Timeouts.defaults()
            .withConnect(Duration.ofSeconds(2))
            .withFirstByte(Duration.ofSeconds(2))
            .withIdle(Duration.ofSeconds(2))
            .withTotal(Duration.ofMillis(200));

    CompletableFuture<RawResponse> call = transport.send(get("/hang"), tight, 1_000, null);

    Throwable error = catchThrowable(() -> call.get(5, TimeUnit.SECONDS));
    assertThat(((ProviderException) error.getCause()).failure().message())
        .contains("total timeout");
  }

  @Test
  void aRefusedConnectionSurfacesAsTheClientsException() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    WireRequest request =
        WireRequest.post(URI.create("http://127.0.0.1:" + closedPort + "/"), new byte[0]).build();

    Throwable error =
        catchThrowable(() -> transport.send(request, SHORT, 1_000, null).get(5, TimeUnit.SECONDS));

    assertThat(error.getCause()).isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void aRefusedConnectionNamesTheAddressItCouldNotReachWithoutTheQuery() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/v1/chat/completions";
    WireRequest request = WireRequest.post(URI.create(url + "?key=secret"), new byte[0]).build();

    Throwable error =
        catchThrowable(() -> transport.send(request, SHORT, 1_000, null).get(5, TimeUnit.SECONDS));

    assertThat(error.getCause())
        .isInstanceOf(java.net.ConnectException.class)
        .hasMessageStartingWith("cannot connect to " + url)
        .hasMessageNotContaining("secret");
  }
}
