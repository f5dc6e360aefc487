package dev.lifeline.provider.openai;

import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.content;
import static dev.lifeline.provider.openai.OpenAiTestServer.Sse.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.openai.OpenAiTestServer.Reply;
import dev.lifeline.provider.openai.OpenAiTestServer.Sse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each timeout, the size limit, cancellation and network failures, over real sockets on loopback:
 * each ends as a classified failure, in about the time configured.
 */
class OpenAiTransportFailureTest {

  private static final Duration SHORT = Duration.ofMillis(250);
  // Long enough never to fire in a test, even on a loaded machine: when it does, the wrong timer
  // won.
  private static final Duration LONG = Duration.ofSeconds(5);

  private final OpenAiTestServer server = OpenAiTestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aConnectionThatCannotBeOpenedInTimeIsAConnectTimeout() throws IOException {
    // A listener whose accept queue is full drops new SYNs, so connecting hangs: a real connect
    // timeout
    // on loopback. Non-blocking connects fill the queue at once; the ones past it stay pending.
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, loopback)) {
      for (int i = 0; i < 8; i++) {
        SocketChannel filler = SocketChannel.open();
        fillers.add(filler);
        filler.configureBlocking(false);
        filler.connect(new InetSocketAddress(loopback, full.getLocalPort()));
      }
      OpenAiProvider provider =
          provider(
              URI.create("http://127.0.0.1:" + full.getLocalPort() + "/v1"),
              Timeouts.defaults()
                  .withConnect(SHORT)
                  .withFirstByte(LONG)
                  .withIdle(LONG)
                  .withTotal(LONG));

      long start = System.nanoTime();
      Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

      assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failure.message()).contains("connect timeout");
      assertThat(elapsed(start)).isLessThan(LONG);
    } finally {
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswersIsAFirstByteTimeout() {
    server.enqueue(Reply.hang());
    OpenAiProvider provider =
        provider(
            server.baseUrl(),
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    long start = System.nanoTime();
    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("first-byte timeout");
    assertThat(elapsed(start)).isLessThan(LONG);
  }

  @Test
  void aStreamThatStallsIsAnIdleTimeout() {
    server.enqueue(Reply.streamThenStall(data(content("Refund"))));
    OpenAiProvider provider =
        provider(
            server.baseUrl(),
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(SHORT)
                .withTotal(LONG));
    List<String> deltas = new ArrayList<>();

    long start = System.nanoTime();
    Failure failure = Await.failure(provider.stream(ChatRequest.of("x"), "m", deltas::add));

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("idle timeout");
    assertThat(deltas).containsExactly("Refund");
    assertThat(elapsed(start)).isLessThan(LONG);
  }

  @Test
  void aSlowDripIsATotalTimeoutThoughNoSilenceIsLong() {
    server.enqueue(Reply.drip(Duration.ofMillis(20)));
    OpenAiProvider provider =
        provider(
            server.baseUrl(),
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(SHORT)
                .withTotal(Duration.ofMillis(300)));

    long start = System.nanoTime();
    Failure failure = Await.failure(provider.stream(ChatRequest.of("x"), "m", delta -> {}));

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("total timeout");
    assertThat(elapsed(start)).isLessThan(LONG);
  }

  @Test
  void aStreamLongerThanTheFirstByteTimeoutIsFineOnceHeadersCame() {
    server.enqueue(Reply.stream(Duration.ofMillis(60), Sse.of("a", "b", "c")));
    OpenAiProvider provider =
        provider(
            server.baseUrl(),
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    assertThat(Await.answer(provider.stream(ChatRequest.of("x"), "m", delta -> {})).text())
        .isEqualTo("abc");
  }

  @Test
  void anOversizedSuccessIsCutOffAsAnInvalidResponse() {
    String huge =
        "{\"choices\":[{\"message\":{\"content\":\""
            + "a".repeat(4096)
            + "\"},\"finish_reason\":\"stop\"}]}";
    server.enqueue(Reply.json(200, huge));
    OpenAiProvider provider =
        provider(server.baseUrl(), Timeouts.all(LONG)).toBuilder().maxBodyBytes(1024).build();

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(failure.message()).contains("exceeded the limit of 1024 bytes");
  }

  @Test
  void anOversizedStreamIsCutOffAsAnInvalidResponse() {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      chunks.add(data(content("0123456789".repeat(5))));
    }
    server.enqueue(Reply.stream(chunks.toArray(String[]::new)));
    OpenAiProvider provider =
        provider(server.baseUrl(), Timeouts.all(LONG)).toBuilder().maxBodyBytes(2048).build();

    assertThat(Await.failure(provider.stream(ChatRequest.of("x"), "m", delta -> {})).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void anOversizedErrorPageIsCutOffAndStillClassifiedByItsStatus() {
    String page =
        "<html><head><title>502 Bad Gateway</title></head><body>"
            + "x".repeat(100_000)
            + "</body></html>";
    server.enqueue(Reply.body(502, Map.of("Content-Type", "text/html"), page));
    OpenAiProvider provider =
        provider(server.baseUrl(), Timeouts.all(LONG)).toBuilder().maxBodyBytes(1024).build();

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failure.status()).isEqualTo(502);
  }

  @Test
  void cancellingTheFutureAbortsTheExchange() throws InterruptedException {
    server.enqueue(Reply.drip(Duration.ofMillis(20)));
    OpenAiProvider provider = provider(server.baseUrl(), Timeouts.all(LONG));
    List<String> deltas = new java.util.concurrent.CopyOnWriteArrayList<>();

    CompletableFuture<ChatResponse> call = provider.stream(ChatRequest.of("x"), "m", deltas::add);
    waitUntil(() -> !deltas.isEmpty());
    call.cancel(true);

    // The server's next writes fail once the client has closed the connection.
    assertThat(server.awaitDisconnect(Duration.ofSeconds(2)))
        .as("the server saw the client go away")
        .isTrue();
    assertThat(call).isCancelled();
  }

  @Test
  void cancellingAWaitingSendAbortsItToo() throws InterruptedException {
    server.enqueue(Reply.hang());
    OpenAiProvider provider = provider(server.baseUrl(), Timeouts.all(LONG));

    CompletableFuture<ChatResponse> call = provider.send(ChatRequest.of("x"), "m");
    waitUntil(() -> !server.requests().isEmpty());
    call.cancel(true);

    assertThat(call).isCancelled();
    assertThat(call.isCompletedExceptionally()).isTrue();
  }

  @Test
  void aRefusedConnectionIsANetworkFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    OpenAiProvider provider =
        provider(URI.create("http://127.0.0.1:" + closedPort + "/v1"), Timeouts.all(LONG));

    Failure failure = Await.failure(provider.send(ChatRequest.of("x"), "m"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.NETWORK);
  }

  private static OpenAiProvider provider(URI baseUrl, Timeouts timeouts) {
    return OpenAiProvider.openAi()
        .baseUrl(baseUrl)
        .apiKey(ApiKey.of("k"))
        .timeouts(timeouts)
        .build();
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + LONG);
      }
      Thread.sleep(5);
    }
  }
}
