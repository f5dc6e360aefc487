package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.RawResponse;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.time.Scheduler;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One timer per exchange, checked against the last chunk, instead of a timer re-armed per chunk or
 * one per limit.
 */
class IdleTimerTest {

  private static final int CHUNKS = 300;

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aStreamOfManyChunksSchedulesAHandfulOfTimersNotOnePerChunk() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/stream",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < CHUNKS; i++) {
              // 1 KiB events: more than the client reads at once, so they arrive in many chunks.
              out.write(
                  ("data: " + "x".repeat(1_000) + i + "\n\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        });
    server.start();
    AtomicInteger scheduled = new AtomicInteger();
    Scheduler system = Scheduler.system();
    Scheduler counting =
        (task, delay) -> {
          scheduled.incrementAndGet();
          return system.schedule(task, delay);
        };
    try {
      Transport transport =
          new ApacheTransport(Timeouts.defaults(), counting, dev.lifeline.time.Ticker.system(), 1);
      AtomicInteger chunks = new AtomicInteger();
      RawResponse response =
          transport
              .send(
                  WireRequest.post(
                          URI.create(
                              "http://127.0.0.1:" + server.getAddress().getPort() + "/stream"),
                          new byte[0])
                      .build(),
                  Timeouts.defaults(),
                  1 << 20,
                  chunk -> chunks.incrementAndGet())
              .get(10, TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
      assertThat(chunks.get()).isGreaterThan(1);
      // One timer for the total, first-byte and idle timeouts alike; it re-arms only when it fires
      // (30 s here: never).
      assertThat(scheduled).hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void theIdleTimerWaitsOnWhileDataKeepsComingAndFiresWhenItStops() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    CompletableFuture<Void> release = new CompletableFuture<>();
    server.createContext(
        "/slow",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          // 8 chunks 50 ms apart: 400 ms of data against a 1 s idle timeout, then silence. The gap
          // is
          // a twentieth of the timeout, so a loaded build machine cannot stretch one past it.
          for (int i = 0; i < 8; i++) {
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Real I/O pacing is the point of this test: wait 50 ms between chunks (bounded, no
            // sleep).
            new CompletableFuture<Void>().completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).join();
          }
          release.join(); // then silence until the test ends
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    try {
      Timeouts timeouts =
          Timeouts.defaults()
              .withConnect(Duration.ofSeconds(2))
              .withFirstByte(Duration.ofSeconds(2))
              .withIdle(Duration.ofSeconds(1))
              .withTotal(Duration.ofSeconds(10));
      Transport transport =
          new ApacheTransport(timeouts, Scheduler.system(), dev.lifeline.time.Ticker.system(), 1);
      StringBuilder received = new StringBuilder();
      Throwable error =
          catchThrowable(
              () ->
                  transport
                      .send(
                          WireRequest.post(
                                  URI.create(
                                      "http://127.0.0.1:"
                                          + server.getAddress().getPort()
                                          + "/slow"),
                                  new byte[0])
                              .build(),
                          timeouts,
                          1 << 20,
                          chunk -> {
                            synchronized (received) {
                              received.append(chunk);
                            }
                          })
                      .get(10, TimeUnit.SECONDS));

      assertThat(error).hasCauseInstanceOf(ProviderException.class);
      assertThat(((ProviderException) error.getCause()).failure().kind())
          .isEqualTo(ErrorKind.TIMEOUT);
      assertThat(((ProviderException) error.getCause()).failure().message())
          .contains("idle timeout");
      synchronized (received) {
        assertThat(received.toString())
            .as("no idle timeout while chunks kept arriving")
            .isEqualTo("xxxxxxxx");
      }
    } finally {
      release.complete(null);
      server.stop(0);
    }
  }

  @Test
  void contentLengthsTheJdkClientCannotReadAreCaughtBeforeIt() {
    assertThat(TransportFailures.invalidContentLength(List.of())).isNull();
    assertThat(TransportFailures.invalidContentLength(List.of("123"))).isNull();
    assertThat(TransportFailures.invalidContentLength(List.of("abc"))).contains("'abc'");
    assertThat(TransportFailures.invalidContentLength(List.of("99999999999999999999")))
        .contains("18 digits");
    assertThat(TransportFailures.invalidContentLength(List.of("-1"))).isNotNull();
    assertThat(TransportFailures.invalidContentLength(List.of("5", "6"))).contains("conflicting");
    assertThat(TransportFailures.invalidContentLength(List.of("x".repeat(10_000))))
        .hasSizeLessThan(100);
  }
}
