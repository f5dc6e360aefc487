package dev.lifeline.provider;

import static dev.lifeline.provider.ProviderFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.anthropic.AnthropicFixture;
import dev.lifeline.provider.gemini.GeminiFixture;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every HTTP adapter keeps over real loopback HTTP, whatever its wire format:
 * timeouts, cancellation, limits, redirects and the key kept out of failures. What the shared
 * builder settings accept is {@link HttpAdapterBuilderTest}'s.
 */
@Timeout(10)
class HttpAdapterContractTest {

  private static final Duration SHORT = Duration.ofMillis(250);
  private static final Duration LONG = Duration.ofSeconds(5);

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @BeforeAll
  static void warmUp() {
    // A JVM's first exchange loads the HTTP client's classes; on a loaded machine that alone can
    // outlast the short timeouts below, which are about the server, not about class loading.
    try (LoopbackServer warm = LoopbackServer.start()) {
      adapters()
          .forEach(
              adapter -> {
                warm.respondJson(200, adapter.answer("ok"));
                try (Provider provider =
                    adapter.builder().baseUrl(warm.baseUrl()).apiKey(adapter.key()).build()) {
                  assertThat(provider.send(ChatRequest.of("q"), adapter.model()).join().text())
                      .isEqualTo("ok");
                }
              });
    }
  }

  static Stream<HttpAdapterFixture> adapters() {
    return Stream.of(new AnthropicFixture(), new GeminiFixture());
  }

  private Provider provider(HttpAdapterFixture adapter, Timeouts timeouts) {
    return adapter
        .builder()
        .baseUrl(server.baseUrl())
        .apiKey(adapter.key())
        .timeouts(timeouts)
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aServerThatNeverAnswersIsAFirstByteTimeout(HttpAdapterFixture adapter) {
    server.enqueue(exchange -> Thread.sleep(3_000));
    Provider provider =
        provider(
            adapter,
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    long start = System.nanoTime();
    Failure failure = failureOf(() -> provider.send(ChatRequest.of("q"), adapter.model()).join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("first-byte");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aStreamThatFallsSilentIsAnIdleTimeout(HttpAdapterFixture adapter) {
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(bytes(adapter.streamStart("Refund")));
          out.flush();
          Thread.sleep(3_000);
        });
    Provider provider =
        provider(
            adapter,
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(SHORT)
                .withTotal(LONG));
    CountDownLatch delta = new CountDownLatch(1);

    Failure failure =
        failureOf(
            () ->
                provider.stream(ChatRequest.of("q"), adapter.model(), d -> delta.countDown())
                    .join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("idle");
    assertThat(delta.getCount()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theFirstByteTimeoutDoesNotCoverALongerBody(HttpAdapterFixture adapter) {
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < 6; i++) {
            out.write(bytes(i == 0 ? adapter.streamStart("x") : adapter.streamText("x")));
            out.flush();
            Thread.sleep(100);
          }
          out.write(bytes(adapter.streamEnd("y")));
          out.close();
        });
    Provider provider =
        provider(
            adapter,
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    ChatResponse response = provider.stream(ChatRequest.of("q"), adapter.model(), d -> {}).join();

    assertThat(response.text()).isEqualTo("xxxxxxy");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aSlowStreamRunsIntoTheTotalTimeout(HttpAdapterFixture adapter) {
    server.enqueue(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          LoopbackServer.trickleUntilClosed(
              exchange.getResponseBody(), bytes(adapter.keepAlive()), LONG, new CountDownLatch(1));
        });
    Provider provider =
        provider(
            adapter,
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(LONG)
                .withTotal(Duration.ofMillis(300)));

    Failure failure =
        failureOf(() -> provider.stream(ChatRequest.of("q"), adapter.model(), d -> {}).join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("total");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void cancellingASendAbortsTheRequestInFlight(HttpAdapterFixture adapter) throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    server.enqueue(
        exchange -> {
          received.countDown();
          Thread.sleep(300); // the client cancels while waiting for headers
          try {
            exchange.sendResponseHeaders(200, 0);
          } catch (java.io.IOException reset) {
            closed.countDown(); // an abort may reset the connection: the head cannot even go out
            return;
          }
          LoopbackServer.trickleUntilClosed(
              exchange.getResponseBody(), new byte[] {' '}, LONG, closed);
        });
    CompletableFuture<ChatResponse> call =
        provider(adapter, Timeouts.defaults()).send(ChatRequest.of("q"), adapter.model());
    assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(call.cancel(true)).isTrue();

    assertThat(closed.await(5, TimeUnit.SECONDS))
        .as("the server saw the connection close")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void cancellingAStreamAfterItsFirstDeltaClosesTheConnection(HttpAdapterFixture adapter)
      throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(bytes(adapter.streamStart("Refund")));
          out.flush();
          LoopbackServer.trickleUntilClosed(out, bytes(adapter.keepAlive()), LONG, closed);
        });
    CountDownLatch delta = new CountDownLatch(1);
    CompletableFuture<ChatResponse> call =
        provider(adapter, Timeouts.defaults()).stream(
            ChatRequest.of("q"), adapter.model(), d -> delta.countDown());
    assertThat(delta.await(5, TimeUnit.SECONDS)).isTrue();

    call.cancel(true);

    assertThat(closed.await(5, TimeUnit.SECONDS))
        .as("the server saw the connection close")
        .isTrue();
    assertThat(call).isCancelled();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aBodyOverTheLimitIsAnInvalidResponse(HttpAdapterFixture adapter) {
    server.respondJson(200, adapter.answer("x".repeat(5_000)));
    Provider provider =
        adapter
            .builder()
            .baseUrl(server.baseUrl())
            .apiKey(adapter.key())
            .maxBodyBytes(1_000)
            .build();

    assertThat(failureOf(() -> provider.send(ChatRequest.of("q"), adapter.model()).join()).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aRefusedConnectionIsANetworkFailure(HttpAdapterFixture adapter) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Provider provider =
        adapter.builder().baseUrl("http://127.0.0.1:" + port).apiKey(adapter.key()).build();

    assertThat(failureOf(() -> provider.send(ChatRequest.of("q"), adapter.model()).join()).kind())
        .isEqualTo(ErrorKind.NETWORK);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theKeyNeverAppearsInAFailure(HttpAdapterFixture adapter) {
    server.respondJson(adapter.keyEchoStatus(), adapter.keyEchoBody(adapter.key().reveal()));

    Failure failure =
        failureOf(
            () ->
                provider(adapter, Timeouts.defaults())
                    .send(ChatRequest.of("q"), adapter.model())
                    .join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(failure.toString()).doesNotContain(adapter.key().reveal());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aCustomClientWithoutRedirectsIsUsed(HttpAdapterFixture adapter) {
    server.respondJson(200, adapter.answer("ok"));
    Provider provider =
        adapter
            .builder()
            .baseUrl(server.baseUrl())
            .apiKey(adapter.key())
            .httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())
            .build();

    assertThat(provider.send(ChatRequest.of("q"), adapter.model()).join().text()).isEqualTo("ok");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void aRedirectIsNotFollowedSoTheKeyStaysHome(HttpAdapterFixture adapter) {
    int calls = 0;
    for (int status : new int[] {302, 307}) {
      server.respond(status, Map.of("location", "https://elsewhere.example/"), "");

      Failure failure =
          failureOf(
              () ->
                  provider(adapter, Timeouts.defaults())
                      .send(ChatRequest.of("q"), adapter.model())
                      .join());

      assertThat(failure.kind()).as("HTTP %d", status).isEqualTo(ErrorKind.INVALID_RESPONSE);
      assertThat(server.requestCount()).isEqualTo(++calls);
    }
  }
}
