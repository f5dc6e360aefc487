package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Faults on the connection: hangs, drops, bodies cut short, latency. */
class ConnectionFaultsTest {

  private final TestClient client = new TestClient();
  private FakeLlmServer server;

  @BeforeEach
  void start() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void hangIsReleasedWhenTheServerStops() throws Exception {
    server.enqueue(Fault.hang());
    CompletableFuture<HttpResponse<String>> call =
        client.chatAsync(server, "gpt-4o", "hello", false);

    awaitRecorded(server, 1);
    Thread.sleep(150);
    assertThat(call).isNotDone();
    long started = System.nanoTime();
    server.close();

    assertThatThrownBy(() -> call.get(3, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void hangIsReleasedByResetAndTheServerGoesOn() throws Exception {
    server.enqueue(Fault.hang());
    CompletableFuture<HttpResponse<String>> call =
        client.chatAsync(server, "gpt-4o", "hello", false);
    awaitRecorded(server, 1);

    server.reset();

    assertThatThrownBy(() -> call.get(3, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThat(client.chat(server, "gpt-4o", "hello", false).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void resetConnectionGivesTheClientAnIoException(WireFormat format) throws Exception {
    try (FakeLlmServer other = FakeLlmServer.start(format)) {
      other.enqueue(Fault.resetConnection());
      String model = TestClient.modelFor(format);

      assertThatThrownBy(
              () ->
                  client.postRaw(other.chatUrl(model), TestClient.body(format, model, "hi", false)))
          .isInstanceOf(IOException.class);
      assertThat(client.chat(other, model, "hi", false).statusCode()).isEqualTo(200);
      assertThat(other.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void closeMidBodyGivesTheClientAnIoException() {
    server.enqueue(Fault.closeMidBody(), Fault.closeMidBody());

    assertThatThrownBy(
            () ->
                client.postRaw(
                    server.chatUrl("gpt-4o"),
                    TestClient.body(WireFormat.OPENAI, "gpt-4o", "hi", false)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                client.postRaw(
                    server.chatUrl("gpt-4o"),
                    TestClient.body(WireFormat.OPENAI, "gpt-4o", "hi", true)))
        .isInstanceOf(IOException.class);
    assertThat(client.chat(server, "gpt-4o", "hi", false).statusCode()).isEqualTo(200);
  }

  @Test
  void latencyDelaysTheHeaders() {
    server.enqueue(
        Fault.latency(Duration.ofMillis(150)),
        Fault.rateLimited().withLatency(Duration.ofMillis(100)));

    long started = System.nanoTime();
    HttpResponse<String> slow = client.chat(server, "gpt-4o", "hi", false);
    long slowMillis = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    HttpResponse<String> limited = client.chat(server, "gpt-4o", "hi", false);
    long limitedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slowMillis).isGreaterThanOrEqualTo(150);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limitedMillis).isGreaterThanOrEqualTo(100);
  }

  @Test
  void latencyIsCutShortWhenTheServerStops() throws Exception {
    server.enqueue(Fault.latency(Duration.ofMinutes(5)));
    CompletableFuture<HttpResponse<String>> call =
        client.chatAsync(server, "gpt-4o", "hello", false);
    awaitRecorded(server, 1);

    server.close();

    assertThatThrownBy(() -> call.get(3, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aStoppedServerRefusesConnectionsAndCannotRestart() {
    String url = server.chatUrl("gpt-4o");
    server.close();

    assertThatThrownBy(
            () -> client.postRaw(url, TestClient.body(WireFormat.OPENAI, "gpt-4o", "hi", false)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped");
    assertThatThrownBy(server::baseUrl).isInstanceOf(IllegalStateException.class);
  }

  /** Waits, without sleeping long, until the server has recorded {@code count} requests. */
  static void awaitRecorded(FakeLlmServer server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (server.requestCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "server recorded " + server.requestCount() + " requests, not " + count);
      }
      Thread.sleep(5);
    }
  }
}
