package dev.lifeline.provider.anthropic;

import static dev.lifeline.provider.anthropic.AnthropicErrorsTest.failureOf;
import static dev.lifeline.provider.anthropic.AnthropicStreamTest.MESSAGE_START;
import static dev.lifeline.provider.anthropic.AnthropicStreamTest.TEXT_START;
import static dev.lifeline.provider.anthropic.AnthropicStreamTest.textDelta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.failure.ErrorKind;
import dev.lifeline.failure.Failure;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.LoopbackServer;
import dev.lifeline.provider.Timeouts;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The provider's contract over HTTP: timeouts, cancellation, limits, and what the builder accepts.
 */
@Timeout(10)
class AnthropicProviderTest {

  private static final ApiKey KEY = ApiKey.of("sk-ant-api03-builder-test-0123456789");
  private static final Duration SHORT = Duration.ofMillis(250);
  private static final Duration LONG = Duration.ofSeconds(5);

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private AnthropicProvider provider(Timeouts timeouts) {
    return AnthropicProvider.builder()
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .timeouts(timeouts)
        .build();
  }

  @Test
  void aServerThatNeverAnswersIsAFirstByteTimeout() {
    server.enqueue(exchange -> Thread.sleep(3_000));
    AnthropicProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    long start = System.nanoTime();
    Failure failure = failureOf(() -> provider.send(ChatRequest.of("q"), "m").join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("first-byte");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aStreamThatFallsSilentIsAnIdleTimeout() {
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(
              (MESSAGE_START + TEXT_START + textDelta("Refund")).getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(3_000);
        });
    AnthropicProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(SHORT)
                .withTotal(LONG));
    CountDownLatch delta = new CountDownLatch(1);

    Failure failure =
        failureOf(() -> provider.stream(ChatRequest.of("q"), "m", d -> delta.countDown()).join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("idle");
    assertThat(delta.getCount()).isZero();
  }

  @Test
  void theFirstByteTimeoutDoesNotCoverALongerBody() {
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write((MESSAGE_START + TEXT_START).getBytes(StandardCharsets.UTF_8));
          for (int i = 0; i < 6; i++) {
            out.write(textDelta("x").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(100);
          }
          out.write(AnthropicStreamTest.MESSAGE_STOP.getBytes(StandardCharsets.UTF_8));
          out.close();
        });
    AnthropicProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    ChatResponse response = provider.stream(ChatRequest.of("q"), "m", d -> {}).join();

    assertThat(response.text()).isEqualTo("xxxxxx");
  }

  @Test
  void cancellingASendAbortsTheRequestInFlight() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    server.enqueue(
        exchange -> {
          received.countDown();
          Thread.sleep(300); // the client cancels while waiting for headers
          exchange.sendResponseHeaders(200, 0);
          LoopbackServer.trickleUntilClosed(
              exchange.getResponseBody(), new byte[] {' '}, LONG, closed);
        });
    CompletableFuture<ChatResponse> call =
        provider(Timeouts.defaults()).send(ChatRequest.of("q"), "m");
    assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(call.cancel(true)).isTrue();

    assertThat(closed.await(5, TimeUnit.SECONDS))
        .as("the server saw the connection close")
        .isTrue();
  }

  @Test
  void cancellingAStreamAfterItsFirstDeltaClosesTheConnection() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    server.enqueue(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(
              (MESSAGE_START + TEXT_START + textDelta("Refund")).getBytes(StandardCharsets.UTF_8));
          out.flush();
          LoopbackServer.trickleUntilClosed(
              out, AnthropicStreamTest.PING.getBytes(StandardCharsets.UTF_8), LONG, closed);
        });
    CountDownLatch delta = new CountDownLatch(1);
    CompletableFuture<ChatResponse> call =
        provider(Timeouts.defaults()).stream(ChatRequest.of("q"), "m", d -> delta.countDown());
    assertThat(delta.await(5, TimeUnit.SECONDS)).isTrue();

    call.cancel(true);

    assertThat(closed.await(5, TimeUnit.SECONDS))
        .as("the server saw the connection close")
        .isTrue();
    assertThat(call).isCancelled();
  }

  @Test
  void aBodyOverTheLimitIsAnInvalidResponse() {
    server.respondJson(
        200, "{\"content\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(5_000) + "\"}]}");
    AnthropicProvider provider =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .maxBodyBytes(1_000)
            .build();

    assertThat(failureOf(() -> provider.send(ChatRequest.of("q"), "m").join()).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void aRefusedConnectionIsANetworkFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    AnthropicProvider provider =
        AnthropicProvider.builder().baseUrl("http://127.0.0.1:" + port).apiKey(KEY).build();

    assertThat(failureOf(() -> provider.send(ChatRequest.of("q"), "m").join()).kind())
        .isEqualTo(ErrorKind.NETWORK);
  }

  @Test
  void httpsIsRequiredUnlessTheHostIsLoopback() {
    assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl("http://api.anthropic.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https")
        .hasMessageContaining("http://api.anthropic.com");
    assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl("http://127.0.0.1.evil.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl("ftp://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AnthropicProvider.builder().baseUrl("https://user:hunter2@proxy.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl("https://proxy.example/?key=abc"))
        .isInstanceOf(IllegalArgumentException.class);

    for (String local :
        new String[] {"http://localhost:8080", "http://127.0.0.1", "http://[::1]:9000"}) {
      assertThat(AnthropicProvider.builder().baseUrl(local).apiKey(KEY).build().baseUrl())
          .isEqualTo(URI.create(local));
    }
    assertThat(
            AnthropicProvider.builder()
                .apiKey(KEY)
                .baseUrl("https://gateway.example/anthropic/")
                .build()
                .baseUrl())
        .isEqualTo(URI.create("https://gateway.example/anthropic"));
  }

  @Test
  void theBuilderHasDefaultsAndRejectsWhatWouldLeakTheKey() {
    AnthropicProvider provider = AnthropicProvider.builder().apiKey(KEY).build();

    assertThat(provider.name()).isEqualTo("anthropic");
    assertThat(provider.baseUrl()).isEqualTo(AnthropicProvider.DEFAULT_BASE_URL);
    assertThat(provider.credentials()).containsExactly(KEY);
    assertThat(provider.classifier()).isInstanceOf(AnthropicErrorClassifier.class);
    assertThat(provider.toString()).doesNotContain(KEY.reveal());
    assertThat(AnthropicProvider.builder().apiKey(KEY).name("claude-eu").build().name())
        .isEqualTo("claude-eu");

    assertThatThrownBy(() -> AnthropicProvider.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(
            () ->
                AnthropicProvider.builder()
                    .httpClient(
                        HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redirect");
    assertThatThrownBy(() -> AnthropicProvider.builder().header("X-Api-Key", "sk-ant-other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> AnthropicProvider.builder().header("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicProvider.builder().header("host", "elsewhere"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicProvider.builder().header("x-trace", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicProvider.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnthropicProvider.builder().maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> AnthropicProvider.builder().defaultMaxTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void toBuilderDerivesAProviderWithTheSameSettings() throws Exception {
    server.respondJson(200, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}");
    AnthropicProvider original =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .defaultMaxTokens(321)
            .header("anthropic-beta", "x")
            .build();

    AnthropicProvider derived = original.toBuilder().name("claude-2").build();
    derived.send(ChatRequest.of("q"), "m").join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(derived.name()).isEqualTo("claude-2");
    assertThat(original.name()).isEqualTo("anthropic");
    assertThat(request.header("x-api-key")).isEqualTo(KEY.reveal());
    assertThat(request.header("anthropic-beta")).isEqualTo("x");
    assertThat(request.body()).contains("\"max_tokens\":321");
  }

  @Test
  void aCustomClientWithoutRedirectsIsUsed() {
    server.respondJson(
        200, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\"}");
    AnthropicProvider provider =
        AnthropicProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())
            .build();

    assertThat(provider.send(ChatRequest.of("q"), "m").join().text()).isEqualTo("ok");
  }

  @Test
  void aRedirectIsNotFollowedSoTheKeyStaysHome() {
    server.respond(307, Map.of("location", "https://elsewhere.example/v1/messages"), "");

    Failure failure =
        failureOf(() -> provider(Timeouts.defaults()).send(ChatRequest.of("q"), "m").join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(server.requestCount()).isEqualTo(1);
  }
}
