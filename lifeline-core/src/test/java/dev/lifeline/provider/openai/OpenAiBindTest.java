package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.VirtualClock;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Binding an adapter to an engine's runtime: its clock, scheduler and executor, unless the user set
 * them.
 */
class OpenAiBindTest {

  private static final Instant VIRTUAL_NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aBoundAdapterReadsDatesAgainstTheEngineTickerNotTheSystemClock() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          byte[] body =
              "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Retry-After", "Tue, 01 Jan 2030 00:00:30 GMT");
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(429, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    VirtualClock clock = new VirtualClock(VIRTUAL_NOW);
    Executor inline = Runnable::run;
    Provider bound =
        OpenAiProvider.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
            .build()
            .bind(ProviderRuntime.of(clock, clock, inline));
    try {
      Throwable error =
          catchThrowable(() -> bound.send(ChatRequest.of("hello"), "m").get(10, TimeUnit.SECONDS));

      Failure failure = ((ProviderException) error.getCause()).failure();
      assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      // Read against the system clock the 2030 date would be years away; against the engine's, 30
      // s.
      assertThat(failure.retryAfterHint()).contains(Duration.ofSeconds(30));
    } finally {
      bound.close();
      server.stop(0);
    }
  }

  @Test
  void bindReturnsACopyWithTheSameNameAndKeepsWhatTheUserSet() {
    VirtualClock clock = new VirtualClock(VIRTUAL_NOW);
    ProviderRuntime runtime = ProviderRuntime.of(clock, clock, Runnable::run);
    OpenAiProvider plain = OpenAiProvider.ollama().build();
    Provider bound = plain.bind(runtime);
    assertThat(bound).isNotSameAs(plain).isInstanceOf(OpenAiProvider.class);
    assertThat(bound.name()).isEqualTo(plain.name());

    OpenAiProvider explicit =
        OpenAiProvider.ollama()
            .httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build())
            .scheduler(Scheduler.system())
            .ticker(clock)
            .build();
    assertThat(explicit.bind(runtime)).as("everything was set by the user").isSameAs(explicit);
  }
}
