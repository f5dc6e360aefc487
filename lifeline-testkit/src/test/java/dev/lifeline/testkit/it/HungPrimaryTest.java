package dev.lifeline.testkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.LifelineException;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.CircuitState;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.WireFormat;
import dev.lifeline.trace.EngineListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A primary that accepts connections and never answers, over real HTTP, with the builder's
 * defaults: the backup answers, the hang counts against the primary, and the retry budget never
 * blocks the rescue. These run in real time (the hang is real), bounded to about a minute in all.
 */
class HungPrimaryTest {

  /** Accepts every connection, reads what it is sent, and never writes a byte. */
  static final class HungServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HungServer() throws IOException {
      socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::acceptLoop, "hung-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          accepted.add(client);
          Thread reader = new Thread(() -> drain(client), "hung-server-reader");
          reader.setDaemon(true);
          reader.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private static void drain(Socket client) {
      byte[] buffer = new byte[8192];
      try (InputStream in = client.getInputStream()) {
        while (in.read(buffer) >= 0) {
          // never answer
        }
      } catch (IOException closed) {
        // the client gave up
      }
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket client : accepted) {
        client.close();
      }
    }
  }

  /** Circuit moves, as the engine reports them. */
  static final class CircuitEvents implements EngineListener {
    final List<String> moves = new CopyOnWriteArrayList<>();

    @Override
    public void onCircuitStateChanged(
        Deployment deployment, CircuitState from, CircuitState to, String reason) {
      moves.add(deployment.id() + " " + from + "->" + to);
    }
  }

  private static SelfHealingEngine.Builder engine(
      HungServer hung, FakeLlmServer backup, OpenAiProvider.Builder primary) {
    return SelfHealingEngine.builder()
        .provider(
            ProviderLadder.of(
                    primary
                        .name("primary")
                        .baseUrl(hung.baseUrl())
                        .apiKey(ApiKey.of("sk-hung-primary-0001"))
                        .build())
                .models("gpt-4o"))
        .provider(
            ProviderLadder.of(
                    Adapters.adapterFor(backup, "sk-ant-backup-0002", Timeouts.defaults()))
                .models("claude-sonnet-4-20250514"));
  }

  @Test
  void aHungPrimaryFailsOverWithinFifteenSecondsAndItsCircuitOpens_builderDefaults()
      throws Exception {
    CircuitEvents events = new CircuitEvents();
    List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    List<String> answeredBy = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService callers = Executors.newCachedThreadPool();
    try (HungServer hung = new HungServer();
        FakeLlmServer backup =
            FakeLlmServer.builder(WireFormat.ANTHROPIC).name("backup").build().start()) {
      SelfHealingEngine engine =
          engine(hung, backup, OpenAiProvider.openAi()).listener(events).build();
      List<CompletableFuture<?>> calls = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 120; i++) {
        long due = start + i * 250_000_000L;
        long pause = due - System.nanoTime();
        if (pause > 0) {
          TimeUnit.NANOSECONDS.sleep(
              pause); // the arrival schedule of the traffic, not a wait for an effect
        }
        int n = i;
        calls.add(
            CompletableFuture.runAsync(
                () -> {
                  long sent = System.nanoTime();
                  try {
                    ChatResponse answer = engine.call("question " + n);
                    answeredBy.add(answer.provider());
                  } catch (LifelineException e) {
                    failures.add(e);
                  } finally {
                    latenciesMillis.add((System.nanoTime() - sent) / 1_000_000);
                  }
                },
                callers));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      callers.shutdownNow();
    }

    assertThat(failures).isEmpty();
    assertThat(answeredBy).hasSize(120).allMatch("backup"::equals);
    List<Long> sorted = new ArrayList<>(latenciesMillis);
    Collections.sort(sorted);
    long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    // The figures the README and the closing notes quote come from this line.
    System.out.printf(
        "hung primary, builder defaults: %d calls, %d answered by the backup, p50 %d ms, p99 %d ms, max %d ms%n",
        sorted.size(),
        answeredBy.size(),
        sorted.get(sorted.size() / 2),
        p99,
        sorted.get(sorted.size() - 1));
    assertThat(p99).as("P99 latency in ms, all " + sorted).isLessThanOrEqualTo(15_000);
    assertThat(events.moves).contains("primary/gpt-4o CLOSED->OPEN");
    // Once the circuit opened, calls went straight to the backup: most calls never waited on the
    // hang.
    assertThat(sorted.get(sorted.size() / 2)).as("median latency in ms").isLessThan(2_000);
  }

  @Test
  void sixtyConcurrentCallsIntoAHungPrimaryAllFailOverWhateverTheRetryBudget() throws Exception {
    try (HungServer hung = new HungServer();
        FakeLlmServer backup =
            FakeLlmServer.builder(WireFormat.ANTHROPIC).name("backup").build().start()) {
      Timeouts tenSeconds =
          Timeouts.defaults()
              .withConnect(Duration.ofSeconds(10))
              .withFirstByte(Duration.ofSeconds(10))
              .withIdle(Duration.ofSeconds(30))
              .withTotal(Duration.ofMinutes(10));
      SelfHealingEngine engine =
          engine(hung, backup, OpenAiProvider.openAi().timeouts(tenSeconds)).build();
      List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        calls.add(engine.callAsync(dev.lifeline.model.ChatRequest.of("question " + i)));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .handle((ok, error) -> null)
          .get(60, TimeUnit.SECONDS);

      assertThat(calls)
          .allSatisfy(
              call -> {
                assertThat(call)
                    .isCompletedWithValueMatching(answer -> answer.provider().equals("backup"));
                assertThat(call.join().trace().toString()).doesNotContain("budget");
              });
    }
  }
}
