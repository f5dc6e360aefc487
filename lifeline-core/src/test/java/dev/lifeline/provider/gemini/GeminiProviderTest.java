package dev.lifeline.provider.gemini;

import static dev.lifeline.provider.gemini.GeminiErrorsTest.failureOf;
import static dev.lifeline.provider.gemini.GeminiStreamTest.chunk;
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
class GeminiProviderTest {

  private static final ApiKey KEY = ApiKey.of("AIzaSyD-builder-test-0123456789abcdefghijk");
  private static final Duration SHORT = Duration.ofMillis(250);
  private static final Duration LONG = Duration.ofSeconds(5);

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private GeminiProvider provider(Timeouts timeouts) {
    return GeminiProvider.builder()
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .timeouts(timeouts)
        .build();
  }

  @Test
  void aServerThatNeverAnswersIsAFirstByteTimeout() {
    server.enqueue(exchange -> Thread.sleep(3_000));
    GeminiProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    long start = System.nanoTime();
    Failure failure =
        failureOf(() -> provider.send(ChatRequest.of("q"), "gemini-2.5-flash").join());

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
          out.write(chunk("Refund").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(3_000);
        });
    GeminiProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(SHORT)
                .withTotal(LONG));
    CountDownLatch delta = new CountDownLatch(1);

    Failure failure =
        failureOf(
            () ->
                provider.stream(ChatRequest.of("q"), "gemini-2.5-flash", d -> delta.countDown())
                    .join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("idle");
    assertThat(delta.getCount()).isZero();
  }

  @Test
  void theFirstByteTimeoutDoesNotCoverALongerBody() {
    server.enqueue(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < 6; i++) {
            out.write(chunk("x").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(100);
          }
          out.write(GeminiStreamTest.last("y", "STOP").getBytes(StandardCharsets.UTF_8));
          out.close();
        });
    GeminiProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(SHORT)
                .withIdle(LONG)
                .withTotal(LONG));

    ChatResponse response =
        provider.stream(ChatRequest.of("q"), "gemini-2.5-flash", d -> {}).join();

    assertThat(response.text()).isEqualTo("xxxxxxy");
  }

  @Test
  void aSlowStreamRunsIntoTheTotalTimeout() {
    server.enqueue(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          LoopbackServer.trickleUntilClosed(
              exchange.getResponseBody(),
              ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8),
              LONG,
              new CountDownLatch(1));
        });
    GeminiProvider provider =
        provider(
            Timeouts.defaults()
                .withConnect(LONG)
                .withFirstByte(LONG)
                .withIdle(LONG)
                .withTotal(Duration.ofMillis(300)));

    Failure failure =
        failureOf(() -> provider.stream(ChatRequest.of("q"), "gemini-2.5-flash", d -> {}).join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(failure.message()).contains("total");
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
        provider(Timeouts.defaults()).send(ChatRequest.of("q"), "gemini-2.5-flash");
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
          out.write(chunk("Refund").getBytes(StandardCharsets.UTF_8));
          out.flush();
          LoopbackServer.trickleUntilClosed(
              out, chunk(" more").getBytes(StandardCharsets.UTF_8), LONG, closed);
        });
    CountDownLatch delta = new CountDownLatch(1);
    CompletableFuture<ChatResponse> call =
        provider(Timeouts.defaults()).stream(
            ChatRequest.of("q"), "gemini-2.5-flash", d -> delta.countDown());
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
        200,
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + "x".repeat(5_000) + "\"}]}}]}");
    GeminiProvider provider =
        GeminiProvider.builder().baseUrl(server.baseUrl()).apiKey(KEY).maxBodyBytes(1_000).build();

    assertThat(
            failureOf(() -> provider.send(ChatRequest.of("q"), "gemini-2.5-flash").join()).kind())
        .isEqualTo(ErrorKind.INVALID_RESPONSE);
  }

  @Test
  void theKeyNeverAppearsInAFailure() {
    server.respondJson(
        400,
        "{\"error\":{\"code\":400,\"message\":\"API key not valid: "
            + KEY.reveal()
            + "\",\"status\":\"INVALID_ARGUMENT\"}}");

    Failure failure =
        failureOf(
            () ->
                provider(Timeouts.defaults()).send(ChatRequest.of("q"), "gemini-2.5-flash").join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(failure.toString()).doesNotContain(KEY.reveal());
  }

  @Test
  void httpsIsRequiredUnlessTheHostIsLoopback() {
    assertThatThrownBy(
            () -> GeminiProvider.builder().baseUrl("http://generativelanguage.googleapis.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(() -> GeminiProvider.builder().baseUrl("http://localhost.evil.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> GeminiProvider.builder().baseUrl("https://proxy.example/?key=AIzaSyD-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("AIzaSyD-secret");

    for (String local :
        new String[] {"http://localhost:8080", "http://127.0.0.2:1234", "http://[::1]"}) {
      assertThat(GeminiProvider.builder().baseUrl(local).apiKey(KEY).build().baseUrl())
          .isEqualTo(URI.create(local));
    }
  }

  @Test
  void theBuilderHasDefaultsAndRejectsWhatWouldLeakTheKey() {
    GeminiProvider provider = GeminiProvider.builder().apiKey(KEY).build();

    assertThat(provider.name()).isEqualTo("gemini");
    assertThat(provider.baseUrl()).isEqualTo(GeminiProvider.DEFAULT_BASE_URL);
    assertThat(provider.credentials()).containsExactly(KEY);
    assertThat(provider.classifier()).isInstanceOf(GeminiErrorClassifier.class);
    assertThat(provider.toString()).doesNotContain(KEY.reveal());

    assertThatThrownBy(() -> GeminiProvider.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(
            () ->
                GeminiProvider.builder()
                    .httpClient(
                        HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.ALWAYS)
                            .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redirect");
    assertThatThrownBy(() -> GeminiProvider.builder().header("x-goog-api-key", "AIza-other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> GeminiProvider.builder().header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GeminiProvider.builder().maxBodyBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderDerivesAProviderWithTheSameSettings() {
    server.respondJson(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]}}]}");
    GeminiProvider original =
        GeminiProvider.builder()
            .baseUrl(server.baseUrl())
            .apiKey(KEY)
            .header("x-goog-user-project", "p")
            .build();

    GeminiProvider derived = original.toBuilder().name("gemini-eu").build();
    derived.send(ChatRequest.of("q"), "gemini-2.5-flash").join();

    LoopbackServer.Recorded request = server.takeRequest();
    assertThat(derived.name()).isEqualTo("gemini-eu");
    assertThat(original.name()).isEqualTo("gemini");
    assertThat(request.header("x-goog-api-key")).isEqualTo(KEY.reveal());
    assertThat(request.header("x-goog-user-project")).isEqualTo("p");
  }

  @Test
  void aRedirectIsNotFollowedSoTheKeyStaysHome() {
    server.respond(302, Map.of("location", "https://elsewhere.example/"), "");

    Failure failure =
        failureOf(
            () ->
                provider(Timeouts.defaults()).send(ChatRequest.of("q"), "gemini-2.5-flash").join());

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE);
    assertThat(server.requestCount()).isEqualTo(1);
  }
}
